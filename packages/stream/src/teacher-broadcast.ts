/**
 * One broadcast from a teacher's panel, as the Electron teacher app's main process and the web
 * gateway's teacher console run it: frames pushed in by the page (over IPC or a WebSocket)
 * go through a push source into a broadcast session (sharp, tile deltas, Kafka); the teacher's
 * status — state, frames, fps, bytes, students watching, last error — is reported twice a second
 * and on every change. Tested in Node against a real broker.
 *
 *   starting ──broadcaster ready──▶ live ⇄ paused ──stop()──▶ stopping ──end frame sent──▶ stopped
 *   (a failure the session cannot go on from also ends in stopped, with lastError set)
 */
import { createPushSource } from '@classcast/capture';
import type { RawFrame } from '@classcast/codec';
import { countWatchers, describeKafkaError, type KafkaConnection } from '@classcast/kafka';
import { ClasscastError, type TeacherBroadcastState, type TeacherStats, type TeacherStatus } from '@classcast/protocol';
import { reportBroadcastPauses, TEACHER_STALL_AFTER_MS } from './broadcast-pause.js';
import { createTeacherStream } from './teacher-stream.js';

export interface TeacherBroadcastOptions {
  connection: KafkaConnection;
  classId: string;
  fps: number;
  quality: number;
  /** What is shared, for the source's name ("window \"Slides\""). */
  sourceName?: string;
  onStatus(status: TeacherStatus): void;
  /** How often the status is reported while broadcasting; default 500 ms. */
  statusEveryMs?: number;
  /** How often the watching students are counted (a Kafka admin call); default 3 s. */
  watchersEveryMs?: number;
}

export interface TeacherBroadcast {
  readonly state: TeacherBroadcastState;
  /** Offers the newest captured frame; older unsent ones are dropped. Ignored unless live. */
  push(frame: RawFrame): boolean;
  pause(): void;
  resume(): void;
  update(settings: { fps?: number; quality?: number }): void;
  /** Sends the end frame and lets go of Kafka; resolves when done. */
  stop(): Promise<void>;
  /** Resolves when the broadcast has stopped, by stop() or by a failure. */
  readonly stopped: Promise<void>;
}

/**
 * Resolves once the class topic exists and the producer is connected. If that fails, reports
 * 'idle' with the reason as lastError, then throws the ClasscastError.
 */
export async function startTeacherBroadcast(options: TeacherBroadcastOptions): Promise<TeacherBroadcast> {
  let state: TeacherBroadcastState = 'starting';
  const stats: TeacherStats = { sentFrames: 0, fps: 0, bytes: 0 };
  const report = () => options.onStatus({ state, stats: { ...stats } });
  report();
  const source = createPushSource({ name: options.sourceName ?? 'shared screen' });
  // "the broadcast is paused: 2 of 3 brokers unreachable …" until Kafka takes frames again.
  let pauseLine: string | undefined;
  const session = createTeacherStream({
    kafka: { connection: options.connection, classId: options.classId },
    source,
    tileDeltas: true,
    encoder: { quality: options.quality },
    fps: options.fps,
    stallAfterMs: TEACHER_STALL_AFTER_MS,
    onStalled: reportBroadcastPauses(options.connection, {
      paused(message) {
        stats.lastError = pauseLine = message;
        report();
      },
      resumed() {
        if (stats.lastError === pauseLine) stats.lastError = undefined;
        report();
      },
    }),
    onSent(sent) {
      stats.sentFrames += 1;
      stats.bytes += sent.bytes;
    },
    onError(error) {
      // Closing the source is how stop() wakes a session waiting for a frame: not a failure.
      if (error.code === 'CC_CAPTURE_CLOSED' && state === 'stopping') return;
      stats.lastError = error.message;
      report();
    },
  });
  try {
    await session.open();
  } catch (error) {
    await source.close();
    stats.lastError = error instanceof Error ? error.message : String(error);
    state = 'idle';
    report();
    throw error;
  }

  let framesAtLastReport = 0;
  let lastReportAt = performance.now();
  const reporter = setInterval(() => {
    const now = performance.now();
    stats.fps = ((stats.sentFrames - framesAtLastReport) * 1000) / (now - lastReportAt);
    framesAtLastReport = stats.sentFrames;
    lastReportAt = now;
    report();
  }, options.statusEveryMs ?? 500);
  const countNow = () =>
    countWatchers({ connection: options.connection, classId: options.classId }).then(
      (watching) => void (stats.watching = watching),
      () => undefined, // a missed count keeps the last one; the broadcast itself reports real failures
    );
  void countNow();
  const counter = setInterval(() => void countNow(), options.watchersEveryMs ?? 3000);

  let stopping: Promise<void> | undefined;
  async function shutDown(): Promise<void> {
    state = 'stopping';
    report();
    // Closing the source wakes a stream waiting for a frame; it then ends the broadcast and disconnects.
    const ended = session.stop();
    await source.close();
    await ended.catch((error: unknown) => void (stats.lastError = describeKafkaError(error, options.connection.brokers).message));
    clearInterval(reporter);
    clearInterval(counter);
    state = 'stopped';
    stats.fps = 0;
    report();
  }
  const stop = () => (stopping ??= shutDown());

  state = 'live';
  report();
  // The session ends by itself only after a failure it cannot go on from.
  const stopped = session.start().then(
    () => stop(),
    (error: unknown) => {
      stats.lastError = error instanceof ClasscastError ? error.message : String(error);
      return stop();
    },
  );

  return {
    get state() {
      return state;
    },
    push(frame) {
      if (state !== 'live') return false;
      source.push(frame);
      return true;
    },
    pause() {
      if (state !== 'live') return;
      session.pause();
      state = 'paused';
      report();
    },
    resume() {
      if (state !== 'paused') return;
      session.resume();
      state = 'live';
      report();
    },
    update(settings) {
      session.update(settings);
    },
    stop,
    stopped,
  };
}
