/**
 * One student's replay of the lesson, for the gateway: at most one Kafka replay runs at a time;
 * a new play() cancels the one before (its AbortSignal) and starts only once that one's consumer
 * has stopped, so a student scrubbing wildly costs one throwaway consumer, never a pile of them.
 *
 * A replay reads to where the lesson stood when it began; while the lesson goes on, the driver
 * continues with another replay from just after the last frame it delivered, and says
 * onCaughtUp once a replay finds nothing newer (the student has reached the live edge).
 */
import { replay, type KafkaConnection, type ReceivedFrame } from '@classcast/kafka';

export interface ReplayDriverOptions {
  connection: KafkaConnection;
  classId: string;
  /** Every replayed frame, catch-up frames included (flagged), in order. */
  deliver(received: ReceivedFrame): void;
  /** A replay found nothing after the last frame delivered. */
  onCaughtUp(): void;
  onError(error: unknown): void;
}

export interface ReplayDriver {
  /** Replays from the first frame captured at or after `time`, at `speed` × capture pace. */
  play(time: number, speed: number): void;
  /** Cancels the running replay; resolves once its consumer has stopped. */
  stop(): Promise<void>;
}

export function createReplayDriver(options: ReplayDriverOptions): ReplayDriver {
  let current: { controller: AbortController; done: Promise<void> } | undefined;

  async function run(time: number, speed: number, signal: AbortSignal, previous: Promise<void> | undefined): Promise<void> {
    await previous;
    let from = time;
    while (!signal.aborted) {
      let last: number | undefined;
      await replay({
        connection: options.connection,
        classId: options.classId,
        from: { time: from },
        speed,
        signal,
        onFrame: (received) => {
          if (!received.catchingUp) last = received.frame.captureTime;
          options.deliver(received);
        },
      });
      if (signal.aborted) return;
      if (last === undefined) return options.onCaughtUp();
      from = last + 1;
    }
  }

  return {
    play(time, speed) {
      current?.controller.abort();
      const controller = new AbortController();
      const done = run(time, speed, controller.signal, current?.done).catch((error: unknown) => {
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

/** The capture time of the oldest frame Kafka still keeps of the lesson (one short read). */
export async function findLessonStart(connection: KafkaConnection, classId: string): Promise<number | undefined> {
  const controller = new AbortController();
  let start: number | undefined;
  await replay({
    connection,
    classId,
    from: { time: 0 },
    signal: controller.signal,
    onFrame: ({ frame }) => {
      start = frame.captureTime;
      controller.abort();
    },
  });
  return start;
}
