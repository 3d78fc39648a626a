/**
 * Replays a stretch of a lesson: from an offset of one partition, or from a wall-clock time,
 * to a later time or offset, at most to where the lesson stood when the replay began. Reads in a
 * throwaway consumer group of one with explicit seeks (Kafka's assign + seek, which kafkajs
 * offers only this way) and never commits; the group is deleted afterwards.
 * With a speed, frames are paced by their capture times (2 = twice as fast). An aborted signal
 * ends the replay early: no frame is delivered after it, and replay() resolves once the
 * consumer has stopped.
 */
import { randomUUID } from 'node:crypto';
import { ClasscastError, frameTopic, TOPIC_PREFIX } from '@classcast/protocol';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError } from './errors.js';
import { retryRetriable } from './retry.js';
import { createSubscription, type ReceivedFrame, type SkippedMessage } from './subscription.js';

export type ReplayStart = { partition: number; offset: string } | { time: number };
export type ReplayEnd = { time: number } | { offset: string };

export interface ReplayOptions {
  connection: KafkaConnection;
  classId: string;
  from: ReplayStart;
  to?: ReplayEnd;
  /** Pace by capture time divided by this; absent: as fast as possible. */
  speed?: number;
  onFrame(received: ReceivedFrame): void | Promise<void>;
  onSkipped?(skipped: SkippedMessage): void;
  /** Stops the replay: it resolves (not rejects) with the frames delivered so far. */
  signal?: AbortSignal;
}

export interface ReplayResult {
  /** Frames delivered (not counting catch-up frames). */
  frames: number;
}

export async function replay(options: ReplayOptions): Promise<ReplayResult> {
  const topic = frameTopic(options.classId);
  const ends = await lessonEnds(options.connection, topic);
  const partitions = 'partition' in options.from ? [options.from.partition] : [...ends.keys()];
  if ('partition' in options.from && !ends.has(options.from.partition)) {
    throw new ClasscastError('CC_BAD_PARTITION', `class ${options.classId} has no partition ${options.from.partition}`);
  }
  // Partitions already at their end (or empty) have nothing to replay.
  const pending = new Set(partitions.filter((p) => BigInt(ends.get(p)!.high) > BigInt(ends.get(p)!.low)));
  const groupId = `${TOPIC_PREFIX}${options.classId}.replay.${randomUUID()}`;
  let frames = 0;
  let pace: { firstCapture: number; startedAt: number } | undefined;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  if (pending.size === 0) finish();
  const { signal } = options;
  if (signal?.aborted) finish();
  signal?.addEventListener('abort', () => finish(), { once: true });

  const subscription = createSubscription({
    connection: options.connection,
    classId: options.classId,
    groupId,
    commit: false,
    startAt: 'partition' in options.from ? { offsets: { [options.from.partition]: options.from.offset } } : { time: options.from.time },
    async onFrame(received) {
      if (signal?.aborted || !pending.has(received.partition)) return;
      if (pastEnd(received, options.to)) {
        pending.delete(received.partition);
        if (pending.size === 0) finish();
        return;
      }
      if (!received.catchingUp && options.speed) pace = await waitForCaptureTime(received, options.speed, pace, signal);
      if (signal?.aborted) return;
      await options.onFrame(received);
      if (!received.catchingUp) frames += 1;
      reached(received.partition, received.offset);
    },
    // A foreign or broken message can be the last one: it still marks how far the replay got.
    onSkipped: ({ partition, offset, error }) => {
      options.onSkipped?.({ partition, offset, error });
      if (pending.has(partition)) reached(partition, offset);
    },
  });

  /** A replay never waits for the future: it stops at the lesson as it stood when it began. */
  function reached(partition: number, offset: string): void {
    if (BigInt(offset) >= BigInt(ends.get(partition)!.high) - 1n) pending.delete(partition);
    if (pending.size === 0) finish();
  }
  try {
    if (!signal?.aborted) await subscription.start();
    await finished;
  } finally {
    await subscription.stop();
    await deleteGroup(options.connection, groupId);
  }
  return { frames };
}

function pastEnd(received: ReceivedFrame, to: ReplayEnd | undefined): boolean {
  if (!to || received.catchingUp) return false;
  return 'time' in to ? received.frame.captureTime > to.time : BigInt(received.offset) > BigInt(to.offset);
}

async function waitForCaptureTime(
  received: ReceivedFrame,
  speed: number,
  pace: { firstCapture: number; startedAt: number } | undefined,
  signal: AbortSignal | undefined,
) {
  if (!pace) return { firstCapture: received.frame.captureTime, startedAt: Date.now() };
  const dueAt = pace.startedAt + (received.frame.captureTime - pace.firstCapture) / speed;
  // Wait in short steps with heartbeats, so a long pause in the lesson does not cost the group.
  while (Date.now() < dueAt && !signal?.aborted) {
    await sleep(Math.min(1000, dueAt - Date.now()), signal);
    await received.heartbeat();
  }
  return pace;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function lessonEnds(connection: KafkaConnection, topic: string): Promise<Map<number, { low: string; high: string }>> {
  const admin = createKafkaClient(connection).admin();
  try {
    await admin.connect();
    if (!(await admin.listTopics()).includes(topic)) throw new ClasscastError('CC_CLASS_NOT_FOUND', `there is no lesson to replay: topic ${topic} does not exist`);
    const offsets = await retryRetriable(() => admin.fetchTopicOffsets(topic));
    return new Map(offsets.map((o) => [o.partition, { low: o.low, high: o.high }]));
  } catch (error) {
    throw describeKafkaError(error, connection.brokers);
  } finally {
    await admin.disconnect();
  }
}

async function deleteGroup(connection: KafkaConnection, groupId: string): Promise<void> {
  const admin = createKafkaClient(connection).admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // A leftover empty group is harmless; Kafka expires it with its offsets retention.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
