/**
 * One watching student's stream, for every student transport (the web gateway's socket, the
 * desktop app's feed port): ONE state machine for where the student is in the lesson and where
 * the frames come from.
 *
 *   live ──seek──▶ replay ◀──seek / speed n──┐
 *    │               │                        │
 *    │               └──speed 0──▶ paused ────┘
 *    └──speed 0────────────────▶ paused
 *   replay, paused ──live / the replay caught up (or failed)──▶ live
 *   any ──close()──▶ closed
 *
 *   from     event                        to       sources
 *   live     seek                         replay   live Subscription paused; the replay plays
 *   live     speed 0                      paused   live Subscription paused
 *   live     speed n                      live     (the speed applies from the next replay)
 *   replay   seek / speed n               replay   the replay starts again there, at that speed
 *   replay   speed 0                      paused   the replay stops
 *   replay   live / caught up / failed    live     the replay stops; live resumes at the newest keyframe
 *   paused   seek / speed n               replay   the replay plays
 *   paused   live                         live     live resumes at the newest keyframe
 *   any      close()                      closed   everything stops; the replay session closes
 *
 * live: frames come from the live source given by `subscribe`: a Subscription in the student's own
 *   group, or on the web gateway a share of the class's one reader (class-fan-out.ts)
 *   (created again, with backoff, while the class has not started or Kafka is unreachable; only a
 *   failure retrying cannot mend, or a class that did not start within `classWaitMs`, ends the
 *   stream, once, through onFailed).
 * replay: frames come from the student's ReplaySession (given; warmed as soon as the lesson
 *   exists, so every seek is a lookup and a fetch on a connected consumer); the live Subscription
 *   is paused, keeping its group membership. Reaching the newest frame goes back to live.
 * paused: nothing plays; the live Subscription stays paused.
 * Back to live resumes the SAME Subscription at the newest keyframe: no new client, no group join.
 * Moves are applied one after another, so the live Subscription and a replay never deliver at once.
 */
import {
  pause,
  type ClasscastError,
  type GatewayControl,
  type GatewayTimeline,
  type TimelineMode,
  type TopicPosition,
  type ViewerStatus,
} from '@classcast/protocol';
import { StreamError } from './errors.js';
import { type ReceivedFrame, type ReplaySession, type ReplayStart, type SkippedMessage, type Subscription, type SubscriptionStatus } from '@classcast/kafka';

export type StudentStreamState = TimelineMode | 'closed';

/** What the stream hands the live Subscription it asks for (the rest, like the group, is the caller's). */
export interface LiveHandlers {
  /** How long this attempt waits for the class topic. */
  waitForTopicMs: number;
  onFrame(received: ReceivedFrame): void;
  onStatus(status: SubscriptionStatus, detail?: string): void;
  onSkipped(skipped: SkippedMessage): void;
}

/** What the stream needs of its live source: a Subscription of the student's own, or a share of a gateway's class reader (class-fan-out.ts). */
export type LiveSource = Pick<Subscription, 'start' | 'pause' | 'resumeAtLive' | 'stop'>;

export interface StudentStreamOptions {
  classId: string;
  /** A new live source (startAt 'live': the current screen, then what follows); called again for each retry. */
  subscribe(handlers: LiveHandlers): LiveSource;
  /** The student's replay session; the stream closes it when it closes. */
  replay: ReplaySession;
  /**
   * Where the lesson begins, when someone else knows (a gateway's class hub asks once for all its
   * students). Default: the replay session looks, warmed at once so the first seek is fast too.
   */
  lessonStart?(): Promise<number | undefined>;
  /** Says what went wrong, whether retrying helps (kafka's describeKafkaError). */
  describeError(error: unknown): ClasscastError;
  /** A frame for the viewer, live or replayed (catch-up frames flagged). */
  deliver(received: ReceivedFrame): void;
  /** The live stream's status, and why when it is not live. */
  onStatus(status: ViewerStatus, detail?: string): void;
  /** A message on the class topic that could not be drawn (skipped, the stream goes on); `code` says why (CC_FRAME_UNSUPPORTED_VERSION: a newer classcast wrote it). */
  onSkipped(reason: string, code: string): void;
  /** Tells the viewer the timeline (only when it changed). */
  tell(timeline: GatewayTimeline): void;
  /**
   * A move could not be made (a seek to a partition the class does not have, no lesson yet, Kafka
   * unreachable): the student is back live, and the viewer is told why. The stream goes on.
   */
  onMoveRefused?(error: ClasscastError): void;
  /** The stream gave up: retrying cannot mend this. Said once; nothing more is read. */
  onFailed(error: ClasscastError): void;
  /** Drops frames still waiting for the viewer: they show a place the student has left. */
  discardPending(): void;
  /** True while the viewer is not reading: routine reports wait, mode changes do not. */
  isBackedUp(): boolean;
  log(line: string): void;
  /** How long a class that has not started is waited for before onFailed. Default: for ever. */
  classWaitMs?: number;
  /** How often a moving timeline is reported. Default 1 s. */
  reportEveryMs?: number;
  /** Runs once before the live stream connects: what the viewer must know before any frame (the class's picture limit). Must not throw. */
  beforeLive?(): Promise<void>;
}

export interface StudentStream {
  readonly state: StudentStreamState;
  /** live / replay / paused, for the viewer ('live' once closed). */
  readonly mode: TimelineMode;
  /** Resolves once the live stream reads, or the stream failed or was closed. */
  readonly started: Promise<void>;
  /** seek / speed / live from the viewer; applied in order. */
  control(message: GatewayControl): void;
  /** Resolves once the moves asked for so far are done (tests, shutdown). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** How long one subscription attempt waits for the class topic before saying 'unknown-class' again. */
const TOPIC_WAIT_MS = 5000;
/** The first attempt says sooner (before FIRST_FRAME_GRACE_MS) that there is no such class: a mistyped name is told at once. */
const FIRST_TOPIC_LOOK_MS = 800;
const MAX_BACKOFF_MS = 5000;
/** A class that is on delivers its current screen within moments: only then say 'waiting'
 * (saying so at once would flash "waiting for the teacher" at every late joiner). */
const FIRST_FRAME_GRACE_MS = 1000;

/** What a student reads when Kafka has no topic for the class. */
export const noSuchClass = (classId: string) => `No class named '${classId}' on this server: check the link or the class name with your teacher`;

export function createStudentStream(options: StudentStreamOptions): StudentStream {
  const session = options.replay;
  let state: StudentStreamState = 'live';
  const lesson = {
    speed: 1 as 1 | 2 | 4,
    start: undefined as number | undefined,
    end: undefined as number | undefined,
    position: undefined as number | undefined,
    /** The Kafka position of the newest frame shown (live or replayed). */
    at: undefined as TopicPosition | undefined,
    lookedForStart: false,
    told: '',
    /** Capture to arrival of the newest live frame: turns "Kafka got a message just now" into a capture time while the student is away from live. */
    liveDelayMs: 0,
    /** Messages the class topic had at the last look while away from live (undefined: not looked yet). */
    written: undefined as bigint | undefined,
    lookingAtEnd: false,
  };
  /** The live Subscription (the attempt under way, until it reads); paused outside 'live'. */
  let live: LiveSource | undefined;
  let liveReads = false;
  /** The replay playing (state 'replay'). */
  let playing: { controller: AbortController; done: Promise<void> } | undefined;
  const stopWaiting = new AbortController();
  let sawStatus = false;
  const fail = (error: unknown) => options.describeError(error).message;
  /** A function, not `state === 'closed'`: close() may run while a move awaits. */
  const isClosed = () => state === 'closed';

  function setStatus(status: ViewerStatus, detail?: string): void {
    sawStatus = true;
    options.onStatus(status, detail);
  }

  /** A frame for the viewer; a replayed one also moves the student's place in the lesson. */
  function show(received: ReceivedFrame, replayed: boolean): void {
    if (!received.catchingUp) {
      if (replayed) lesson.position = received.frame.captureTime;
      else lesson.liveDelayMs = Date.now() - received.frame.captureTime;
      // A student's shared screen is no place in the class topic.
      if (received.sharedBy === undefined) lesson.at = { partition: received.partition, offset: received.offset };
    }
    noteEnd(received);
    options.deliver(received);
  }

  function noteEnd({ frame }: ReceivedFrame): void {
    lesson.end = Math.max(lesson.end ?? frame.captureTime, frame.captureTime);
    if (!lesson.lookedForStart) void lookForStart();
  }

  /**
   * Away from live, the live Subscription is paused and no new frame says how far the lesson has
   * got; but the teacher writes a frame or a heartbeat about every second, so when the topic has
   * more messages than at the last look, the lesson's end is now (on the teacher's clock).
   */
  async function followLessonEnd(): Promise<void> {
    if (state === 'live' || state === 'closed' || lesson.end === undefined || lesson.lookingAtEnd) return;
    lesson.lookingAtEnd = true;
    try {
      const written = await session.writtenCount();
      if (lesson.written !== undefined && written > lesson.written) lesson.end = Math.max(lesson.end, Date.now() - lesson.liveDelayMs);
      lesson.written = written;
    } catch (error) {
      if (!isClosed()) options.log(`cannot tell whether ${options.classId}'s lesson goes on: ${fail(error)}`);
    } finally {
      lesson.lookingAtEnd = false;
    }
  }

  /** Once the lesson exists: warm the replay session (the first seek is then warm too) and find where the lesson begins. */
  async function lookForStart(): Promise<void> {
    lesson.lookedForStart = true;
    try {
      if (options.lessonStart) lesson.start = await options.lessonStart();
      else {
        await session.warm();
        lesson.start = await session.lessonStart();
      }
      report(true);
    } catch (error) {
      lesson.lookedForStart = false;
      if (state !== 'closed') options.log(`cannot find where ${options.classId}'s lesson begins: ${fail(error)}`);
    }
  }

  /** Connects the live Subscription, retrying while the class is missing or Kafka is unreachable. */
  async function connectLive(): Promise<void> {
    const deadline = Date.now() + (options.classWaitMs ?? Number.POSITIVE_INFINITY);
    for (let attempt = 0; !isClosed(); attempt += 1) {
      const current = options.subscribe({
        waitForTopicMs: Math.max(0, Math.min(attempt === 0 ? FIRST_TOPIC_LOOK_MS : TOPIC_WAIT_MS, deadline - Date.now())),
        // A paused subscription may still hand over a frame it had fetched: not for the viewer.
        onFrame: (received) => {
          if (state === 'live' && live === current) show(received, false);
        },
        onStatus: (status, detail) => {
          if (state === 'live' && live === current) setStatus(status, detail);
        },
        onSkipped: ({ error }) => options.onSkipped(error.message, error.code),
      });
      live = current;
      try {
        await current.start();
        if (isClosed()) return;
        // Started while the student replays: it waits, paused, for the way back to live.
        if (state !== 'live') current.pause();
        liveReads = true;
        return;
      } catch (error) {
        if (live === current) live = undefined;
        await current.stop().catch(() => undefined);
        if (isClosed()) return;
        const failure = options.describeError(error);
        const classNeverStarted = failure.code === 'CC_CLASS_NOT_FOUND' && Date.now() >= deadline;
        if (!failure.retriable || classNeverStarted) return options.onFailed(failure);
        if (state === 'live' && failure.code === 'CC_CLASS_NOT_FOUND') setStatus('unknown-class', noSuchClass(options.classId));
        else if (state === 'live') setStatus('reconnecting', failure.message);
        await pause(Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt), stopWaiting.signal);
      }
    }
  }

  // ── transitions ──────────────────────────────────────────────────────────

  let moving: Promise<void> = Promise.resolve();
  function queue(step: () => Promise<void>): void {
    moving = moving.then(step).catch((error: unknown) => {
      if (state !== 'closed') options.log(`timeline move failed: ${String(error)}`);
    });
  }

  async function move(message: GatewayControl): Promise<void> {
    if (state === 'closed') return;
    if (message.type === 'live') return goLive();
    if (message.type === 'seek')
      return playFrom(
        'time' in message ? { time: message.time } : { partition: message.partition, offset: message.offset },
        'time' in message ? message.time : undefined,
      );
    if (message.speed === 0) return holdStill();
    lesson.speed = message.speed;
    // Live cannot run faster than the teacher; the speed applies from the next seek or resume.
    if (state === 'live') return report(true);
    const time = currentPosition() ?? Date.now();
    return playFrom({ time }, time);
  }

  const currentPosition = () => (state === 'live' ? lesson.end : lesson.position);

  /** Leaves whatever plays now: pauses the live Subscription or stops the replay. */
  async function leaveCurrent(): Promise<void> {
    if (state === 'live' && liveReads) live?.pause();
    const running = playing;
    playing = undefined;
    running?.controller.abort();
    await running?.done;
  }

  /** live / replay ──speed 0──▶ paused */
  async function holdStill(): Promise<void> {
    if (state === 'paused') return;
    lesson.position = currentPosition();
    await leaveCurrent();
    state = 'paused';
    report(true);
  }

  /** any ──seek / speed n──▶ replay. `time`: where the timeline shows the student until the first replayed frame says (an offset's time is not known before). */
  async function playFrom(from: ReplayStart, time?: number): Promise<void> {
    await leaveCurrent();
    if (isClosed()) return;
    state = 'replay';
    if (time !== undefined) lesson.position = time;
    // Every seek is answered with a timeline, even one that lands where the last one did.
    lesson.told = '';
    options.discardPending();
    const controller = new AbortController();
    const done = session
      .play({
        from,
        speed: lesson.speed,
        signal: controller.signal,
        untilLive: true,
        onFrame: (received) => void (controller.signal.aborted || show(received, true)),
      })
      .then(
        () => {
          if (controller.signal.aborted) return;
          // No frame seen yet: no timeline can say where the student is, so say why instead.
          if (lesson.end === undefined) options.onMoveRefused?.(new StreamError('CC_NOTHING_TO_REPLAY', `class ${options.classId} has no frame to replay yet`));
          queue(goLive); // caught up with the lesson (a seek past its end catches up at once)
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const failure = options.describeError(error);
          options.log(`replay in ${options.classId} failed: ${failure.message}`);
          options.onMoveRefused?.(failure);
          queue(goLive);
        },
      );
    playing = { controller, done };
    report(true);
  }

  /** replay / paused ──live, caught up, replay failed──▶ live: the same Subscription, resumed at the newest keyframe. */
  async function goLive(): Promise<void> {
    if (state === 'closed' || state === 'live') return;
    await leaveCurrent();
    state = 'live';
    lesson.written = undefined;
    options.discardPending();
    report(true);
    // Not reading yet (the class had not started): it starts at the newest keyframe anyway.
    if (liveReads) await live?.resumeAtLive();
  }

  /** Tells the timeline when it changed; a forced report (a mode change) ignores back-pressure. */
  function report(force: boolean): void {
    const { start, end, speed } = lesson;
    if (state === 'closed' || start === undefined || end === undefined) return;
    if (!force && options.isBackedUp()) return;
    const mode = state;
    const position = Math.min(end, Math.max(start, currentPosition() ?? end));
    const timeline: GatewayTimeline = {
      type: 'timeline',
      start,
      end: Math.max(start, end),
      position,
      mode,
      speed: mode === 'paused' ? 0 : speed,
      ...(lesson.at ? { at: lesson.at } : {}),
    };
    const text = JSON.stringify(timeline);
    if (text === lesson.told) return;
    lesson.told = text;
    options.tell(timeline);
  }

  const reportTimer = setInterval(() => {
    void followLessonEnd();
    report(false);
  }, options.reportEveryMs ?? 1000);
  const firstFrameTimer = setTimeout(() => {
    if (!sawStatus && state === 'live') setStatus('waiting', 'no picture from the teacher yet');
  }, FIRST_FRAME_GRACE_MS);
  const connecting = (options.beforeLive?.() ?? Promise.resolve()).then(() => connectLive());
  const started = connecting.catch((error: unknown) => {
    if (state !== 'closed') options.onFailed(options.describeError(error));
  });

  return {
    get state() {
      return state;
    },
    get mode() {
      return state === 'closed' ? 'live' : state;
    },
    started,
    control(message) {
      queue(() => move(message));
    },
    settled: () => moving,
    async close() {
      if (state === 'closed') return;
      state = 'closed';
      clearInterval(reportTimer);
      clearTimeout(firstFrameTimer);
      stopWaiting.abort();
      const running = playing;
      playing = undefined;
      running?.controller.abort();
      const current = live;
      live = undefined;
      await Promise.all([current?.stop().catch(() => undefined), (running?.done ?? Promise.resolve()).then(() => session.close())]);
      // A consumer still joining its group would otherwise stay in it, holding the partitions.
      await connecting.catch(() => undefined);
    },
  };
}
