/**
 * One student's replay of the lesson: at most one replay runs at a time on the student's
 * ReplaySession; a new play() cancels the one before (its AbortSignal) and starts once that one
 * has let go of the consumer. Each play is a seek of the session's running consumer, so
 * scrubbing wildly costs lookups and fetches, never a new client or group.
 *
 * A replay keeps going while the lesson grows and says onCaughtUp once it reaches the newest
 * frame (the student has reached the live edge).
 */
import type { ReplaySession, ReplayStart } from './replay-session.js';
import type { ReceivedFrame } from './subscription.js';

export interface ReplayDriverOptions {
  session: ReplaySession;
  /** Every replayed frame, catch-up frames included (flagged), in order. */
  deliver(received: ReceivedFrame): void;
  /** The replay reached the newest frame of the lesson. */
  onCaughtUp(): void;
  onError(error: unknown): void;
}

export interface ReplayDriver {
  /** Replays from `from` (a capture time: the first frame at or after it; or a partition offset), at `speed` × capture pace. */
  play(from: ReplayStart, speed: number): void;
  /** Cancels the running replay; resolves once it has stopped. */
  stop(): Promise<void>;
}

export function createReplayDriver(options: ReplayDriverOptions): ReplayDriver {
  let current: { controller: AbortController; done: Promise<void> } | undefined;

  async function run(from: ReplayStart, speed: number, signal: AbortSignal, previous: Promise<void> | undefined): Promise<void> {
    await previous;
    if (signal.aborted) return;
    await options.session.play({ from, speed, signal, untilLive: true, onFrame: options.deliver });
    if (!signal.aborted) options.onCaughtUp();
  }

  return {
    play(from, speed) {
      current?.controller.abort();
      const controller = new AbortController();
      const done = run(from, speed, controller.signal, current?.done).catch((error: unknown) => {
        if (!controller.signal.aborted) options.onError(error);
      });
      current = { controller, done };
    },
    async stop() {
      const running = current;
      current = undefined;
      running?.controller.abort();
      await running?.done;
    },
  };
}
