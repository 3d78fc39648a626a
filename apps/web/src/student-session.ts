/**
 * One browser student on the gateway, as a state machine:
 *
 *   awaiting-join ──join──▶ joining ──claimed the name──▶ streaming ──socket closed──▶ closed
 *        │ bad message / timeout        │ name already watching (refused)
 *        └──────────────────────────────┴──────────────────────────────────────────▶ closed
 *
 * Streaming runs a Kafka Subscription in the student's own consumer group, starting live at the
 * newest keyframe, and forwards frames through the FrameOutbox (back-pressure) and the stream
 * status as JSON. A class that has not started yet, or a broker that cannot be reached, is
 * retried with backoff while the student sees 'waiting' or 'reconnecting'.
 *
 * While streaming, the student moves in the lesson (the timeline), in one of three modes:
 *
 *   live ──seek──▶ replay ──speed 0──▶ paused ──speed n / seek──▶ replay ──live──▶ live
 *    ▲                └──reached the live edge──────────────────────────────────────┘
 *
 * The moves are @classcast/kafka's StudentTimeline (shared with the desktop student): seeking
 * stops the live subscription (its group is left, not deleted) and seeks the student's replay
 * session, warmed once the lesson exists, through the same outbox; going live starts the
 * subscription again, which begins at the newest keyframe.
 *
 * The class's announcements are relayed alongside, whatever the mode, as 'announcement' messages.
 */
import type { WebSocket } from 'ws';
import { createStudentTimeline, createSubscription, describeKafkaError, pause, type KafkaConnection, type ReceivedFrame, type StudentTimeline, type Subscription } from '@classcast/kafka';
import {
  type ClasscastError,
  parseClientMessage,
  parseControlMessage,
  studentGroupId,
  type GatewayControl,
  type GatewayJoin,
  type GatewayServerMessage,
  type TimelineMode,
  type ViewerStatus,
} from '@classcast/protocol';
import { relayAnnouncements } from './announcement-relay.js';
import { createFrameOutbox, type OutboxStats } from './frame-outbox.js';
import type { RegisteredSession, SessionRegistry } from './session-registry.js';

export type SessionState = 'awaiting-join' | 'joining' | 'streaming' | 'closed';

export interface SessionInfo {
  state: SessionState;
  classId: string | undefined;
  student: string | undefined;
  /** What the browser was last told. */
  status: ViewerStatus;
  outbox: Readonly<OutboxStats>;
  bufferedBytes: number;
  mode: TimelineMode;
}

export interface StudentSession extends RegisteredSession {
  info(): SessionInfo;
}

export interface StudentSessionOptions {
  socket: WebSocket;
  connection: KafkaConnection;
  registry: SessionRegistry;
  maxBufferedBytes: number;
  /** A socket that has not joined by then is closed. Default 10 s. */
  joinTimeoutMs?: number;
  log(line: string): void;
}

/** How long one subscription attempt waits for the class topic before saying 'waiting' again. */
const TOPIC_WAIT_MS = 5000;
const SKIPPED_REPORT_MS = 500;
const CLOSE_GRACE_MS = 2000;
const FIRST_FRAME_GRACE_MS = 1000;
const BEHIND_DETAIL = 'the connection is too slow for the stream: skipping ahead to the newest picture';

export function createStudentSession(options: StudentSessionOptions): StudentSession {
  const { socket, log } = options;
  let state: SessionState = 'awaiting-join';
  let join: GatewayJoin | undefined;
  let groupId: string | undefined;
  let subscription: Subscription | undefined;
  let streamStatus: ViewerStatus = 'connecting';
  let streamDetail: string | undefined;
  let told: ViewerStatus = 'connecting';
  let closing: Promise<void> | undefined;
  let firstFrameTimer: ReturnType<typeof setTimeout> | undefined;
  /** The subscription loop; it stops a subscription whose start() was still running at close. */
  let following: Promise<void> | undefined;
  const skipped = { total: 0, reason: '', timer: undefined as ReturnType<typeof setTimeout> | undefined };
  /** Where the student is in the lesson (live, replay, paused); set once streaming. */
  let timeline: StudentTimeline | undefined;
  const mode = (): TimelineMode => timeline?.mode ?? 'live';
  let announcements: { stop(): Promise<void> } | undefined;
  const stopWaiting = new AbortController();
  const outbox = createFrameOutbox({ socket, maxBufferedBytes: options.maxBufferedBytes, onBehindChange: tellStatus });
  const joinTimer = setTimeout(() => refuse('CC_GATEWAY_BAD_REQUEST', 'no join message arrived'), options.joinTimeoutMs ?? 10_000);

  const session: StudentSession = { isAlive, close, info };

  socket.on('message', (data, isBinary) => {
    if (state === 'streaming' && !isBinary) return control(String(data));
    if (state !== 'awaiting-join' || isBinary) return refuse('CC_GATEWAY_BAD_REQUEST', 'send one join message, as text, then only seek, speed or live');
    try {
      const message = parseClientMessage(String(data));
      if (message.type !== 'join') return refuse('CC_GATEWAY_BAD_REQUEST', 'join the class before moving in its lesson');
      join = message;
    } catch (error) {
      const failure = error as ClasscastError;
      return refuse(failure.code, failure.message);
    }
    begin(join).catch((error: unknown) => {
      const failure = describeKafkaError(error, options.connection.brokers);
      refuse(failure.code, failure.message);
    });
  });
  socket.on('close', () => void close('the browser left'));
  socket.on('error', () => void close('socket error'));

  async function begin(request: GatewayJoin): Promise<void> {
    clearTimeout(joinTimer);
    state = 'joining';
    groupId = studentGroupId(request.classId, request.student);
    send({ type: 'status', status: 'connecting' });
    if (!(await options.registry.claim(groupId, session))) {
      const message = `"${request.student}" is already watching class ${request.classId} in another window or tab: close it there, or join with another name`;
      return refuse('CC_STUDENT_ALREADY_WATCHING', message);
    }
    if (state !== 'joining') return options.registry.release(groupId, session);
    state = 'streaming';
    log(`${request.student} joined ${request.classId}`);
    announcements = relayAnnouncements({ connection: options.connection, classId: request.classId, student: request.student, send, log });
    const group = groupId;
    timeline = createStudentTimeline({
      connection: options.connection,
      classId: request.classId,
      deliver: forward,
      stopLive,
      startLive: () => {
        if (state === 'streaming') following = follow(request, group);
      },
      discardPending: () => outbox.clear(),
      tell: send,
      isBackedUp: () => socket.bufferedAmount >= options.maxBufferedBytes,
      log: (line) => log(`${request.student}: ${line}`),
    });
    // A class that is on delivers its current screen within moments; only when nothing comes is
    // it 'waiting' (saying so at once would flash "waiting for the teacher" at every late joiner).
    firstFrameTimer = setTimeout(() => {
      if (streamStatus === 'connecting') setStream('waiting', 'no picture from the teacher yet');
    }, FIRST_FRAME_GRACE_MS);
    following = follow(request, groupId);
    await following;
  }

  /** Starts the subscription, retrying while the class is missing or Kafka is unreachable. */
  async function follow(request: GatewayJoin, group: string): Promise<void> {
    for (let attempt = 0; state === 'streaming' && mode() === 'live'; attempt += 1) {
      const current = createSubscription({
        connection: options.connection,
        classId: request.classId,
        groupId: group,
        startAt: 'live',
        waitForTopicMs: TOPIC_WAIT_MS,
        onFrame: (received) => {
          if (state === 'streaming' && mode() === 'live' && subscription === current) {
            timeline?.sawLive(received);
            forward(received);
          }
        },
        onSkipped: ({ error }) => noteSkipped(error.message),
        // A subscription stopped for a replay has nothing more to say about the stream.
        onStatus: (status, detail) => {
          if (subscription === current) setStream(status, detail);
        },
      });
      subscription = current;
      try {
        await current.start();
        if (state !== 'streaming' || mode() !== 'live') await current.stop();
        return;
      } catch (error) {
        subscription = undefined;
        await current.stop().catch(() => undefined);
        const failure = describeKafkaError(error, options.connection.brokers);
        if (!failure.retriable) return refuse(failure.code, failure.message);
        setStream(failure.code === 'CC_CLASS_NOT_FOUND' ? 'waiting' : 'reconnecting', failure.message);
        await pause(Math.min(5000, 250 * 2 ** attempt), stopWaiting.signal);
      }
    }
  }

  function forward({ frame, partition, offset, catchingUp }: ReceivedFrame): void {
    if (state !== 'streaming') return;
    outbox.push({ ...frame, partition, offset, ...(catchingUp ? { catchingUp } : {}) });
  }

  /** Handles seek / speed / live; the timeline applies them in order. */
  function control(text: string): void {
    let message: GatewayControl;
    try {
      message = parseControlMessage(text);
    } catch (error) {
      const failure = error as ClasscastError;
      return refuse(failure.code, failure.message);
    }
    timeline?.control(message);
  }

  async function stopLive(): Promise<void> {
    const current = subscription;
    subscription = undefined;
    await current?.stop().catch(() => undefined);
    await following?.catch(() => undefined);
  }

  function setStream(status: ViewerStatus, detail?: string): void {
    streamStatus = status;
    streamDetail = detail;
    tellStatus();
  }

  /** Tells the browser the stream status, or 'behind' while the outbox is skipping frames. */
  function tellStatus(): void {
    const behind = streamStatus === 'live' && outbox.stats.behind;
    const status: ViewerStatus = behind ? 'behind' : streamStatus;
    // Only changes are sent, so a stalled client is never sent an unbounded stream of them.
    if (status === told || state === 'closed') return;
    told = status;
    const detail = behind ? BEHIND_DETAIL : streamDetail;
    send(detail === undefined ? { type: 'status', status } : { type: 'status', status, detail });
  }

  function noteSkipped(reason: string): void {
    skipped.total += 1;
    skipped.reason = reason;
    skipped.timer ??= setTimeout(reportSkipped, SKIPPED_REPORT_MS);
  }

  // At most two reports a second, and none while the client is not reading.
  function reportSkipped(): void {
    skipped.timer = undefined;
    if (state === 'closed') return;
    if (socket.bufferedAmount >= options.maxBufferedBytes) {
      skipped.timer = setTimeout(reportSkipped, SKIPPED_REPORT_MS);
      return;
    }
    send({ type: 'skipped', total: skipped.total, reason: skipped.reason });
  }

  function send(message: GatewayServerMessage): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }

  function refuse(code: string, message: string): void {
    if (state === 'closed') return;
    log(`refused ${join ? `${join.student} in ${join.classId}` : 'a connection'}: ${message}`);
    send({ type: 'error', code, message });
    socket.close(1008, code);
    void close('refused');
  }

  function isAlive(timeoutMs: number): Promise<boolean> {
    if (socket.readyState !== socket.OPEN) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (alive: boolean) => {
        clearTimeout(timer);
        socket.off('pong', onPong);
        resolve(alive);
      };
      const onPong = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      socket.on('pong', onPong);
      socket.ping();
    });
  }

  function close(reason: string): Promise<void> {
    closing ??= (async () => {
      const wasStreaming = state === 'streaming';
      state = 'closed';
      clearTimeout(joinTimer);
      clearTimeout(skipped.timer);
      clearTimeout(firstFrameTimer);
      stopWaiting.abort();
      outbox.clear();
      if (socket.readyState === socket.OPEN) socket.close(1001, 'leaving');
      // A client that does not answer the close handshake is cut off soon, not after ws's 30 s.
      if (socket.readyState !== socket.CLOSED) setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
      if (groupId) options.registry.release(groupId, session);
      await Promise.all([subscription?.stop().catch(() => undefined), timeline?.close(), announcements?.stop()]);
      // A consumer still joining its group would otherwise stay in it, holding the partitions.
      await following?.catch(() => undefined);
      if (wasStreaming && join) {
        log(`${join.student} left ${join.classId} (${reason}): ${outbox.stats.sent} frames sent, ${outbox.stats.dropped} dropped`);
      }
    })();
    return closing;
  }

  function info(): SessionInfo {
    return { state, classId: join?.classId, student: join?.student, status: told, outbox: { ...outbox.stats }, bufferedBytes: socket.bufferedAmount, mode: mode() };
  }

  return session;
}
