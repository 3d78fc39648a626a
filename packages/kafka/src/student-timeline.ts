/**
 * Where a watching student is in the lesson, for every student transport (the web gateway's
 * socket, the desktop app's feed port): live, replaying, or paused.
 *
 *   live ──seek──▶ replay ──speed 0──▶ paused ──speed n / seek──▶ replay ──live──▶ live
 *    ▲                └──reached the live edge──────────────────────────────────────┘
 *
 * Live frames come from the transport's own Subscription (the student's group); seeking stops it
 * and replays through the student's ReplaySession, which is warmed as soon as the lesson exists,
 * so every seek is a lookup and a fetch on a connected consumer. Going live starts the
 * subscription again (it begins at the newest keyframe). Moves are serialised, so the live
 * consumer and a replay never deliver at the same time.
 */
import type { GatewayControl, GatewayTimeline, TimelineMode, TopicPosition } from '@classcast/protocol';
import type { KafkaConnection } from './connection.js';
import { describeKafkaError } from './errors.js';
import { createReplayDriver } from './replay-driver.js';
import { createReplaySession, type ReplaySession, type ReplayStart } from './replay-session.js';
import type { ReceivedFrame } from './subscription.js';

export interface StudentTimelineOptions {
  connection: KafkaConnection;
  classId: string;
  /** A replayed frame for the viewer (catch-up frames flagged). */
  deliver(received: ReceivedFrame): void;
  /** Stops the live subscription; resolves once it delivers no more. */
  stopLive(): Promise<void>;
  /** Follows live again from the newest keyframe. */
  startLive(): void;
  /** Drops frames still waiting for the viewer: they show a place the student has left. */
  discardPending(): void;
  /** Tells the viewer the timeline (only when it changed). */
  tell(timeline: GatewayTimeline): void;
  /** True while the viewer is not reading: routine reports wait, mode changes do not. */
  isBackedUp?(): boolean;
  log(line: string): void;
  /** How often a moving timeline is reported. Default 1 s. */
  reportEveryMs?: number;
}

export interface StudentTimeline {
  readonly mode: TimelineMode;
  /** Every live frame shown: moves the lesson's end; the first finds its start and warms the replay session. */
  sawLive(received: ReceivedFrame): void;
  /** seek / speed / live from the viewer; applied in order. */
  control(message: GatewayControl): void;
  /** Resolves once the moves asked for so far are done (tests, shutdown). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function createStudentTimeline(options: StudentTimelineOptions): StudentTimeline {
  const session: ReplaySession = createReplaySession({ connection: options.connection, classId: options.classId });
  const state = {
    mode: 'live' as TimelineMode,
    speed: 1 as 1 | 2 | 4,
    start: undefined as number | undefined,
    end: undefined as number | undefined,
    position: undefined as number | undefined,
    /** The Kafka position of the newest frame shown (live or replayed). */
    at: undefined as TopicPosition | undefined,
    lookedForStart: false,
    told: '',
    closed: false,
  };
  const fail = (error: unknown) => describeKafkaError(error, options.connection.brokers).message;
  const driver = createReplayDriver({
    session,
    deliver: (received) => {
      if (state.closed) return;
      if (!received.catchingUp) {
        state.position = received.frame.captureTime;
        state.at = { partition: received.partition, offset: received.offset };
      }
      noteEnd(received);
      options.deliver(received);
    },
    onCaughtUp: () => queue(goLive),
    onError: (error) => {
      options.log(`replay in ${options.classId} failed: ${fail(error)}`);
      queue(goLive);
    },
  });
  const timer = setInterval(() => report(false), options.reportEveryMs ?? 1000);

  function noteEnd({ frame }: ReceivedFrame): void {
    state.end = Math.max(state.end ?? frame.captureTime, frame.captureTime);
    if (!state.lookedForStart) void lookForStart();
  }

  /** Once the lesson exists: warm the replay session (the first seek is then warm too) and find where the lesson begins. */
  async function lookForStart(): Promise<void> {
    state.lookedForStart = true;
    try {
      await session.warm();
      state.start = await session.lessonStart();
      report(true);
    } catch (error) {
      state.lookedForStart = false;
      if (!state.closed) options.log(`cannot find where ${options.classId}'s lesson begins: ${fail(error)}`);
    }
  }

  let moving: Promise<void> = Promise.resolve();
  function queue(step: () => Promise<void>): void {
    moving = moving.then(step).catch((error: unknown) => options.log(`timeline move failed: ${String(error)}`));
  }

  async function move(message: GatewayControl): Promise<void> {
    if (message.type === 'live') return goLive();
    if (message.type === 'seek') return 'time' in message ? playFrom({ time: message.time }, message.time) : playFrom({ partition: message.partition, offset: message.offset });
    if (message.speed === 0) {
      if (state.mode === 'paused') return;
      state.position = currentPosition();
      const wasLive = state.mode === 'live';
      state.mode = 'paused';
      await (wasLive ? options.stopLive() : driver.stop());
      return report(true);
    }
    state.speed = message.speed;
    // Live cannot run faster than the teacher; the speed applies from the next seek or resume.
    if (state.mode === 'live') return report(true);
    const time = currentPosition() ?? Date.now();
    return playFrom({ time }, time);
  }

  const currentPosition = () => (state.mode === 'live' ? state.end : state.position);

  /** `time`: where the timeline shows the student until the first replayed frame says (an offset's time is not known before). */
  async function playFrom(from: ReplayStart, time?: number): Promise<void> {
    const wasLive = state.mode === 'live';
    state.mode = 'replay';
    if (time !== undefined) state.position = time;
    if (wasLive) await options.stopLive();
    if (state.closed || state.mode !== 'replay') return;
    options.discardPending();
    driver.play(from, state.speed);
    report(true);
  }

  async function goLive(): Promise<void> {
    if (state.closed || state.mode === 'live') return;
    state.mode = 'live';
    await driver.stop();
    options.discardPending();
    report(true);
    options.startLive();
  }

  /** Tells the timeline when it changed; a forced report (a mode change) ignores back-pressure. */
  function report(force: boolean): void {
    const { start, end, mode, speed } = state;
    if (state.closed || start === undefined || end === undefined) return;
    if (!force && options.isBackedUp?.()) return;
    const position = Math.min(end, Math.max(start, currentPosition() ?? end));
    const timeline: GatewayTimeline = { type: 'timeline', start, end: Math.max(start, end), position, mode, speed: mode === 'paused' ? 0 : speed, ...(state.at ? { at: state.at } : {}) };
    const text = JSON.stringify(timeline);
    if (text === state.told) return;
    state.told = text;
    options.tell(timeline);
  }

  return {
    get mode() {
      return state.mode;
    },
    sawLive(received) {
      if (!received.catchingUp) state.at = { partition: received.partition, offset: received.offset };
      noteEnd(received);
    },
    control(message) {
      queue(() => move(message));
    },
    settled: () => moving,
    async close() {
      if (state.closed) return;
      state.closed = true;
      clearInterval(timer);
      await driver.stop();
      await session.close();
    },
  };
}
