/**
 * One browser student on the gateway, as a state machine:
 *
 *   awaiting-join ──join──▶ joining ──claimed the name──▶ streaming ──socket closed──▶ closed
 *        │ bad message / timeout        │ name already watching (refused)
 *        └──────────────────────────────┴──────────────────────────────────────────▶ closed
 *   any ──a message over maxMessageBytes (error CC_GATEWAY_MESSAGE_TOO_BIG, close 1009)──▶ closed
 *
 * Streaming runs @classcast/stream's StudentFeed (shared with the desktop student): the live
 * stream from the class's one reader on this gateway (ClassFanOut), with this student's position
 * committed to its own consumer group, retried with backoff while the class has not started or
 * Kafka cannot be reached; the timeline (live, replay, paused), moved by the seek,
 * speed and live messages; and the class's announcements. Frames go through the SocketOutbox
 * (back-pressure: bytes under the socket limit), everything else as JSON.
 *
 * One student cannot take the session down by what it sends once streaming: a control message
 * that does not parse, a seek the stream cannot make (no such partition, no lesson yet), or more
 * control messages than the rate limit takes (a token bucket: `controlsPerSecond`, bursts of
 * `controlBurst`; the excess is dropped, with one error a second) each get an error with
 * `fatal: false`, and the stream goes on. Only a bad join, a message over the size limit, or a
 * failure of the stream itself ends it. Untrusted text (a refused name) reaches the log escaped.
 */
import type { RawData, WebSocket } from 'ws';
import { checkClassAccess, describeKafkaError, tokenExpiresAt, type KafkaConnection, type ReceivedFrame } from '@classcast/kafka';
import { createStudentFeed, encodedFrameOf, type ClassFanOut, type StudentFeed } from '@classcast/stream';
import {
  ClasscastError,
  escapeControlCharacters,
  parseClientMessage,
  parseControlMessage,
  studentGroupId,
  type GatewayControl,
  type GatewayJoin,
  type GatewayServerMessage,
  type TimelineMode,
  type ViewerStatus,
} from '@classcast/protocol';
import { createSocketOutbox, type OutboxStats } from './socket-outbox.js';
import type { JoinLimits, RegisteredSession, SessionRegistry } from './session-registry.js';
import { studentConnection, type StudentLogin } from './student-login.js';

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

export interface SocketStudent extends RegisteredSession {
  info(): SessionInfo;
}

export interface SocketStudentOptions {
  socket: WebSocket;
  /** The gateway's connection: the student's own, on the open classroom; else where Kafka is. */
  connection: KafkaConnection;
  /** How this student's Kafka connection is made from the join (student-login.ts). */
  studentLogin: StudentLogin;
  /** The gateway's class readers, which every student of a class shares. */
  fanOut: ClassFanOut;
  registry: SessionRegistry;
  /** The gateway's join limits: checked before the name is claimed and any consumer is made. */
  limits: JoinLimits;
  /** The socket's remote address, which the per-address limit counts (never X-Forwarded-For). */
  address: string;
  maxBufferedBytes: number;
  /** A socket that has not joined by then is closed. Default 10 s. */
  joinTimeoutMs?: number;
  /** A bigger message from the browser gets CC_GATEWAY_MESSAGE_TOO_BIG and the socket closes (1009). Default 4096. */
  maxMessageBytes?: number;
  /** Control messages (seek, speed, live) taken per second; the excess is dropped. Default 20. */
  controlsPerSecond?: number;
  /** How many control messages may come at once above that pace. Default 40. */
  controlBurst?: number;
  /** Each line is passed through escapeControlCharacters: it may quote what a browser sent. */
  log(line: string): void;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 4096;
export const DEFAULT_CONTROLS_PER_SECOND = 20;
export const DEFAULT_CONTROL_BURST = 40;
/** At most one rate-limit error per this long: a flooding client is not answered with a flood. */
const RATE_LIMIT_WINDOW_MS = 1000;

const SKIPPED_REPORT_MS = 500;
const CLOSE_GRACE_MS = 2000;
const BEHIND_DETAIL = 'the connection is too slow for the stream: skipping ahead to the newest picture';

export function createSocketStudent(options: SocketStudentOptions): SocketStudent {
  const { socket } = options;
  const log = (line: string) => options.log(escapeControlCharacters(line));
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const allowControl = createRateLimit(options.controlsPerSecond ?? DEFAULT_CONTROLS_PER_SECOND, options.controlBurst ?? DEFAULT_CONTROL_BURST);
  let limitedSince: number | undefined;
  let limitedCount = 0;
  let state: SessionState = 'awaiting-join';
  let join: GatewayJoin | undefined;
  let groupId: string | undefined;
  let streamStatus: ViewerStatus = 'connecting';
  let streamDetail: string | undefined;
  let told: ViewerStatus = 'connecting';
  let closing: Promise<void> | undefined;
  /** The class whose seat this session holds (given back once, on close). */
  let seatedIn: string | undefined;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  const skipped = { total: 0, reason: '', code: '', timer: undefined as ReturnType<typeof setTimeout> | undefined };
  /** Live stream, timeline and announcements; set once streaming. */
  let feed: StudentFeed | undefined;
  /** A reconnect resumed a paused student: pause at the first picture the replay shows. */
  let pauseOnPicture = false;
  const mode = (): TimelineMode => feed?.mode ?? 'live';
  const outbox = createSocketOutbox({ socket, maxBufferedBytes: options.maxBufferedBytes, onBehindChange: tellStatus });
  const joinTimer = setTimeout(() => refuse('CC_GATEWAY_BAD_REQUEST', 'no join message arrived'), options.joinTimeoutMs ?? 10_000);

  const session: SocketStudent = { isAlive, close, info };

  socket.on('message', (data, isBinary) => {
    if (state === 'closed') return;
    const bytes = byteLength(data);
    if (bytes > maxMessageBytes) {
      return refuse('CC_GATEWAY_MESSAGE_TOO_BIG', `a message of ${bytes} bytes: the gateway takes messages of at most ${maxMessageBytes} bytes`, 1009);
    }
    if (state === 'streaming') return control(data, isBinary);
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
    // The limits come before anything is held: a refused join has no group, seat or consumer.
    const tooMany = options.limits.attempt(options.address);
    if (tooMany) return refuse(tooMany.code, tooMany.message, 1013);
    let connection: KafkaConnection;
    try {
      connection = studentConnection(options.connection, options.studentLogin, request);
    } catch (error) {
      const failure = error as ClasscastError;
      return refuse(failure.code, failure.message);
    }
    groupId = studentGroupId(request.classId, request.student);
    send({ type: 'status', status: 'connecting' });
    // The broker's word on this login comes before the name is claimed: a wrong password must
    // not displace the real student's session.
    if (connection !== options.connection) {
      const refusal = await brokerRefusal(connection, request.classId, groupId);
      if (refusal) return refuse(refusal.code, refusal.message);
      if (state !== 'joining') return;
    }
    if (!(await options.registry.claim(groupId, session))) {
      const message = `"${request.student}" is already watching class ${request.classId} in another window or tab: close it there, or join with another name`;
      return refuse('CC_STUDENT_ALREADY_WATCHING', message);
    }
    if (state !== 'joining') return options.registry.release(groupId, session);
    // After the claim: a student coming back after a network drop has just replaced (and closed)
    // their old session, whose seat is free again.
    const full = options.limits.seat(request.classId);
    if (full) return refuse(full.code, full.message, 1013);
    seatedIn = request.classId;
    state = 'streaming';
    // A sign-in ends when its token does (the page signs in again); Kafka itself stops taking it then.
    const expires = request.token === undefined ? undefined : tokenExpiresAt(request.token);
    if (expires !== undefined) {
      expiryTimer = setTimeout(() => refuse('CC_ACCESS_ENDED', 'your sign-in has expired: sign in again'), Math.max(0, expires - Date.now()));
    }
    log(`${request.student} joined ${request.classId}`);
    feed = createStudentFeed({
      connection,
      fanOut: options.fanOut,
      annotations: request.annotations === true,
      classId: request.classId,
      student: request.student,
      deliver: forward,
      onStatus: setStream,
      onSkipped: noteSkipped,
      tell: send,
      onFailed: (failure) => refuse(failure.code, failure.message),
      onMoveRefused: (failure) => sendError(failure.code, failure.message),
      discardPending: () => outbox.clear(),
      isBackedUp: () => socket.bufferedAmount >= options.maxBufferedBytes,
      log: (line) => log(`${request.student} in ${request.classId}: ${line}`),
    });
    // A student back after a reconnect (here, or at another gateway before) goes on where it was;
    // a paused one is paused once the picture it paused at is on screen again (forward()).
    if (request.resume) {
      feed.control({ type: 'seek', ...request.resume.at });
      if (request.resume.speed === 0) pauseOnPicture = true;
      else if (request.resume.speed !== 1) feed.control({ type: 'speed', speed: request.resume.speed });
    }
    await feed.started;
  }

  /** Why Kafka will not let this login watch the class, in one line for the page; undefined when it will. */
  async function brokerRefusal(connection: KafkaConnection, classId: string, group: string): Promise<{ code: string; message: string } | undefined> {
    try {
      await checkClassAccess(connection, { classId, groupId: group });
      return undefined;
    } catch (error) {
      const failure = error instanceof ClasscastError ? error : describeKafkaError(error, connection.brokers);
      // The broker's own answer, and what a student can do about it.
      if (failure.code === 'CC_NOT_AUTHORIZED') return { code: failure.code, message: `${failure.message}: ask your teacher to add you to class ${classId}` };
      if (failure.code === 'CC_TOKEN_REFUSED') {
        options.limits.loginFailed(options.address);
        return { code: failure.code, message: 'Kafka refused your sign-in (expired, or not for this class server): sign in again' };
      }
      if (failure.code !== 'CC_AUTH_FAILED') return failure;
      options.limits.loginFailed(options.address);
      return { code: failure.code, message: `Kafka refused the login of "${join?.student ?? ''}": check the name and password` };
    }
  }

  function forward(received: ReceivedFrame): void {
    if (state !== 'streaming') return;
    const { frame, bytes } = encodedFrameOf(received);
    outbox.push(frame, bytes);
    if (pauseOnPicture && !received.catchingUp) {
      pauseOnPicture = false;
      feed?.control({ type: 'speed', speed: 0 });
    }
  }

  /** Handles seek / speed / live (the timeline applies them in order); a bad one is refused alone. */
  function control(data: RawData, isBinary: boolean): void {
    if (!allowControl()) return noteRateLimited();
    if (isBinary) return sendError('CC_GATEWAY_BAD_REQUEST', 'send seek, speed or live as text (JSON)');
    let message: GatewayControl;
    try {
      message = parseControlMessage(String(data));
    } catch (error) {
      const failure = error as ClasscastError;
      return sendError(failure.code, failure.message);
    }
    feed?.control(message);
  }

  /** The excess is dropped; the browser hears of it once per window, the log once per socket. */
  function noteRateLimited(): void {
    const now = Date.now();
    limitedCount += 1;
    if (limitedSince !== undefined && now - limitedSince < RATE_LIMIT_WINDOW_MS) return;
    if (limitedSince === undefined && join) log(`${join.student} in ${join.classId}: too many control messages, dropping the excess`);
    limitedSince = now;
    const pace = options.controlsPerSecond ?? DEFAULT_CONTROLS_PER_SECOND;
    sendError('CC_GATEWAY_RATE_LIMITED', `too many seek, speed or live messages (more than ${pace} a second): ${limitedCount} dropped so far`);
  }

  /** A refusal of one request: the session goes on. */
  function sendError(code: string, message: string): void {
    if (state === 'streaming') send({ type: 'error', code, message, fatal: false });
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

  function noteSkipped(reason: string, code: string): void {
    skipped.total += 1;
    skipped.reason = reason;
    skipped.code = code;
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
    send({ type: 'skipped', total: skipped.total, reason: skipped.reason, code: skipped.code });
  }

  function send(message: GatewayServerMessage): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }

  /** Ends the session: the browser is told why (a fatal error), then the socket closes with `closeCode`. */
  function refuse(code: string, message: string, closeCode = 1008): void {
    if (state === 'closed') return;
    log(`refused ${join ? `${join.student} in ${join.classId}` : 'a connection'}: ${message}`);
    send({ type: 'error', code, message });
    socket.close(closeCode, code);
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
      clearTimeout(expiryTimer);
      clearTimeout(skipped.timer);
      outbox.clear();
      if (socket.readyState === socket.OPEN) socket.close(1001, 'leaving');
      // A client that does not answer the close handshake is cut off soon, not after ws's 30 s.
      if (socket.readyState !== socket.CLOSED) setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
      if (groupId) options.registry.release(groupId, session);
      if (seatedIn !== undefined) options.limits.leave(seatedIn);
      seatedIn = undefined;
      await feed?.close();
      if (wasStreaming && join) {
        log(`${join.student} left ${join.classId} (${reason}): ${outbox.stats.sent} frames sent, ${outbox.stats.dropped} dropped`);
      }
    })();
    return closing;
  }

  function info(): SessionInfo {
    return {
      state,
      classId: join?.classId,
      student: join?.student,
      status: told,
      outbox: { ...outbox.stats },
      bufferedBytes: socket.bufferedAmount,
      mode: mode(),
    };
  }

  return session;
}

/** A token bucket: `perSecond` a second on average, `burst` at once. */
function createRateLimit(perSecond: number, burst: number): () => boolean {
  let tokens = burst;
  let last = Date.now();
  return () => {
    const now = Date.now();
    tokens = Math.min(burst, tokens + ((now - last) * perSecond) / 1000);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}
