/**
 * Fakes for the StudentStream's injected sources (the live Subscription and the ReplaySession), a
 * viewer that only takes frames, and a teacher's test screen (tests only).
 */
import type { RawFrame } from '@classcast/codec';
import type { ClasscastError } from '@classcast/protocol';
import type { ReceivedFrame, ReplayPlayOptions, ReplaySession, Subscription } from '@classcast/kafka';
import type { LiveHandlers, StudentStreamOptions } from './student-stream.js';

/** Live subscriptions that record what the stream does with them; `startFails(attempt)` makes an attempt throw. */
export function fakeLive(startFails: (attempt: number) => unknown = () => undefined) {
  const calls = { created: 0, started: 0, paused: 0, resumed: 0, stopped: 0 };
  let handlers: LiveHandlers | undefined;
  function subscribe(given: LiveHandlers): Subscription {
    calls.created += 1;
    handlers = given;
    const attempt = calls.created;
    return {
      topic: 'classcast.fake.frames',
      stats: { frames: 0, skipped: 0, bytes: 0, joins: 1 },
      status: 'live',
      async start() {
        const failure = startFails(attempt);
        if (failure) throw failure;
        calls.started += 1;
      },
      assignedPartitions: () => [0],
      pause: () => void (calls.paused += 1),
      resumeAtLive: async () => void (calls.resumed += 1),
      stop: async () => void (calls.stopped += 1),
    };
  }
  return { subscribe, calls, frame: (received: ReceivedFrame) => handlers?.onFrame(received), handlers: () => handlers };
}

/** A replay session whose plays deliver `lesson` from their start at once (synchronously) and then wait for the test: caughtUp() or fail(). */
export function fakeReplay(lesson: ReceivedFrame[]) {
  const plays: Array<Pick<ReplayPlayOptions, 'from' | 'speed'>> = [];
  let finish: { resolve(): void; reject(error: unknown): void } | undefined;
  let closed = false;
  const session: ReplaySession = {
    classId: 'fake',
    warm: async () => undefined,
    lessonStart: async () => lesson[0]?.frame.captureTime,
    writtenCount: async () => BigInt(lesson.length),
    async play({ from, speed, signal, onFrame }) {
      plays.push({ from, ...(speed === undefined ? {} : { speed }) });
      const first = lesson.findIndex((r) => ('time' in from ? r.frame.captureTime >= from.time : BigInt(r.offset) >= BigInt(from.offset)));
      for (const received of first < 0 ? [] : lesson.slice(first)) void onFrame(received);
      await new Promise<void>((resolve, reject) => {
        finish = { resolve, reject };
        if (signal?.aborted) resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      return { frames: 0 };
    },
    close: async () => void (closed = true),
  };
  return { session, plays, caughtUp: () => finish?.resolve(), fail: (error: unknown) => finish?.reject(error), isClosed: () => closed };
}

/**
 * The viewer callbacks of a StudentStream or a StudentFeed, for a test that looks only at the
 * frames delivered: the rest is ignored, and a failure throws (so the test sees it).
 */
export function framesOnlyViewer(): Pick<StudentStreamOptions, 'onStatus' | 'onSkipped' | 'onFailed' | 'discardPending' | 'isBackedUp' | 'log'> & {
  tell(): void;
} {
  return {
    onStatus: () => undefined,
    onSkipped: () => undefined,
    tell: () => undefined,
    onFailed: (failure: ClasscastError) => {
      throw failure;
    },
    discardPending: () => undefined,
    isBackedUp: () => false,
    log: () => undefined,
  };
}

/** A 64x48 picture that changes every frame (so every frame is sent). */
export function changingSource() {
  let n = 0;
  return {
    async next(): Promise<RawFrame> {
      n += 1;
      return { data: Buffer.alloc(64 * 48 * 4, n % 256), width: 64, height: 48, pixelFormat: 'rgba', capturedAt: Date.now() };
    },
  };
}
