/**
 * A replay session: one student's (or one command's) way back into a lesson, kept connected so a
 * seek costs a time-index lookup and a fetch, not a new client and a consumer-group join.
 *
 * It owns ONE kafkajs client: an admin (time index, lesson ends) and a consumer in a throw-away
 * group of its own (`classcast.<class>.replay.<uuid>`, never committed, deleted on close)
 * subscribed to the class topic. kafkajs has no assign(); a group of one that is given every
 * partition is the same thing. Between replays every partition is paused; a replay seeks the
 * running consumer (kafkajs drops what it had fetched for a partition once a seek is pending)
 * and resumes the partitions it reads.
 *
 *   cold ──warm()──▶ warm (joined, paused) ──play()──▶ playing ──done / aborted──▶ warm
 *                                                                   └─close()──▶ closed
 *
 * warm() is what a student pays at join time (connect, coordinator, metadata, group join), so
 * even their first seek is only a lookup and a fetch. play() warms a cold session itself.
 */
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, EachMessagePayload } from 'kafkajs';
import { frameTopic, pause, replayGroupId, tryDecodeFrame } from '@classcast/protocol';
import { createKafkaClient, rackConsumerOption, type KafkaConnection } from './connection.js';
import { describeKafkaError, KafkaError } from './errors.js';
import { createKeyframeLocator } from './keyframe-locator.js';
import { retryRetriable } from './retry.js';
import { resolveStartOffsets, type PartitionEnds } from './start-offsets.js';
import { isUnusableFrame, type ReceivedFrame, type SkippedMessage } from './subscription.js';

export type ReplayStart = { partition: number; offset: string } | { time: number };
export type ReplayEnd = { time: number } | { offset: string };

export interface ReplayPlayOptions {
  from: ReplayStart;
  /** Where to stop; absent: at the lesson's end as it stands when the replay began. */
  to?: ReplayEnd;
  /** Without `to`: keep going while the lesson grows, stop only on reaching its newest frame. */
  untilLive?: boolean;
  /** Pace by capture time divided by this; absent: as fast as possible. */
  speed?: number;
  /** With `speed`: the capture time due at a wall-clock time, instead of the first frame due at once (replays played side by side keep in step). */
  paceFrom?: { captureTime: number; wallTime: number };
  onFrame(received: ReceivedFrame): void | Promise<void>;
  onSkipped?(skipped: SkippedMessage): void;
  /** Stops the replay: it resolves (not rejects) with the frames delivered so far. */
  signal?: AbortSignal;
}

export interface ReplayResult {
  /** Frames delivered (not counting catch-up frames). */
  frames: number;
}

export interface ReplaySession {
  readonly classId: string;
  /** Connects and joins the replay group, paused. Throws what play() would (no class, no broker). */
  warm(): Promise<void>;
  /** One replay at a time: a play waits for the one before it (abort that one first). */
  play(options: ReplayPlayOptions): Promise<ReplayResult>;
  /** The capture time of the oldest frame Kafka still keeps of the lesson; undefined when empty. */
  lessonStart(): Promise<number | undefined>;
  /** How many messages the class topic has had (its partitions' end offsets added up): grows while the teacher broadcasts, frames and heartbeats alike. */
  writtenCount(): Promise<bigint>;
  close(): Promise<void>;
}

// A seek needs a keyframe and the deltas after it, not the rest of the hour: small fetches keep
// kafkajs from decoding tens of MB it will throw away at the next seek. A bigger frame still
// comes whole: the broker always returns the first record batch, whatever its size (KIP-74).
const MAX_BYTES_PER_PARTITION = 1024 * 1024;
/** Times a lost seek is made again before a replay takes whatever comes (see runPlay's `landed`). */
const MAX_RESEEKS = 5;
const MAX_BYTES = 8 * 1024 * 1024;

type Ends = Map<number, { low: string; high: string }>;

/** What the consumer's handler delivers to while a replay runs. */
interface ActivePlay {
  handle(partition: number, offset: string, received: ReturnType<typeof tryDecodeFrame>, heartbeat: () => Promise<void>): Promise<void>;
  fail(error: unknown): void;
  /** Where each partition it reads goes on: a rejoin forgets uncommitted positions, so they are sought again. */
  next: Map<number, string>;
}

/** `topic`: another topic of the class's frames (the shared-screens topic); default the class topic. */
export function createReplaySession({
  connection,
  classId,
  topic = frameTopic(classId),
}: {
  connection: KafkaConnection;
  classId: string;
  topic?: string;
}): ReplaySession {
  const groupId = replayGroupId(classId, randomUUID());
  const kafka = createKafkaClient({ clientId: `classcast-${groupId}`, ...connection });
  const admin: Admin = kafka.admin();
  let consumer: Consumer | undefined;
  let warming: Promise<void> | undefined;
  let active: ActivePlay | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  let partitions: number[] = [];
  const fail = (error: unknown) => describeKafkaError(error, connection.brokers);

  async function startConsumer(): Promise<void> {
    await admin.connect();
    if (!(await admin.listTopics()).includes(topic))
      throw new KafkaError('CC_CLASS_NOT_FOUND', `there is no lesson to replay: topic ${topic} does not exist`, { retriable: true });
    // The first ListOffsets opens the connection to each partition leader: pay it now, not at the first seek.
    await retryRetriable(() => admin.fetchTopicOffsets(topic));
    const reader = kafka.consumer({
      groupId,
      ...rackConsumerOption(connection),
      maxBytesPerPartition: MAX_BYTES_PER_PARTITION,
      maxBytes: MAX_BYTES,
      // Also how long a paused consumer sleeps between looks: a seek waits at most this for its fetch.
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      retry: { retries: 8, restartOnFailure: async () => true },
    });
    consumer = reader;
    const joined = new Promise<void>((resolve) => {
      reader.on(reader.events.GROUP_JOIN, (event) => {
        partitions = [...(event.payload.memberAssignment[topic] ?? [])];
        // Idle until a replay asks; a replay running through a rejoin (a broker restart) goes on
        // where it was: nothing is committed, so without a seek it would jump to the end.
        reader.pause([{ topic, partitions: partitions.filter((p) => !reading.has(p)) }]);
        for (const [partition, offset] of active?.next ?? []) reader.seek({ topic, partition, offset });
        resolve();
      });
    });
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: false });
    await reader.run({ eachMessage: onMessage, autoCommit: false });
    await joined;
  }

  /** Partitions the running replay reads (resumed); all others stay paused. */
  const reading = new Set<number>();
  /** The frame being handed over now: a replay ends only after it (its count, its delivery). */
  let handling: Promise<void> = Promise.resolve();

  async function onMessage({ partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const play = active;
    if (!play || !reading.has(partition)) return;
    const handled = play.handle(partition, message.offset, tryDecodeFrame(message), heartbeat).catch((error: unknown) => {
      // Thrown back to kafkajs it would retry the same message forever: the replay fails instead.
      play.fail(error);
    });
    handling = handled;
    await handled;
  }

  function warm(): Promise<void> {
    if (closed) return Promise.reject(new KafkaError('CC_REPLAY_CLOSED', 'the replay session is closed'));
    warming ??= startConsumer().catch(async (error: unknown) => {
      // A failed warm-up leaves nothing half-open: the next play() tries again from scratch.
      warming = undefined;
      const reader = consumer;
      consumer = undefined;
      await reader?.disconnect().catch(() => undefined);
      throw fail(error);
    });
    return warming;
  }

  async function fetchEnds(): Promise<PartitionEnds> {
    try {
      return await retryRetriable(() => admin.fetchTopicOffsets(topic));
    } catch (error) {
      throw fail(error);
    }
  }
  const byPartition = (offsets: PartitionEnds): Ends => new Map(offsets.map((o) => [o.partition, { low: o.low, high: o.high }]));
  const lessonEnds = async () => byPartition(await fetchEnds());

  async function runPlay(options: ReplayPlayOptions): Promise<ReplayResult> {
    await warm();
    const reader = consumer!;
    const { signal } = options;
    let frames = 0;
    if (signal?.aborted) return { frames };
    const endOffsets = await fetchEnds();
    const ends = byPartition(endOffsets);
    if ('partition' in options.from && !ends.has(options.from.partition)) {
      throw new KafkaError('CC_BAD_PARTITION', `class ${classId} has no partition ${options.from.partition}`);
    }
    const wanted = 'partition' in options.from ? [options.from.partition] : [...ends.keys()];
    const startAt = 'partition' in options.from ? { offsets: { [options.from.partition]: options.from.offset } } : { time: options.from.time };
    const starts = (await resolveStartOffsets(admin, topic, startAt, false, endOffsets)) ?? [];
    // Partitions at their end (or empty) have nothing to replay.
    const pending = new Set(wanted.filter((p) => BigInt(starts.find((s) => s.partition === p)?.offset ?? ends.get(p)!.high) < BigInt(ends.get(p)!.high)));
    let pace: Pace | undefined = options.paceFrom && { firstCapture: options.paceFrom.captureTime, startedAt: options.paceFrom.wallTime };
    let finish!: () => void;
    let failed: { error: unknown } | undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    if (pending.size === 0) return { frames };
    const onAbort = () => finish();
    signal?.addEventListener('abort', onAbort, { once: true });

    /** A replay stops at the lesson as it stood, or (untilLive) once the lesson stops growing. */
    async function reached(partition: number, offset: string): Promise<void> {
      if (BigInt(offset) < BigInt(ends.get(partition)!.high) - 1n) return;
      if (options.untilLive && !options.to) {
        const now = await lessonEnds().catch(() => ends);
        ends.set(partition, now.get(partition) ?? ends.get(partition)!);
        if (BigInt(offset) < BigInt(ends.get(partition)!.high) - 1n) return;
      }
      pending.delete(partition);
      if (pending.size === 0) finish();
    }

    const next = new Map<number, string>();
    /**
     * Seeks not yet seen to land, per partition, with the re-seeks left. kafkajs fetches the next
     * batch while the handler works through one, and that fetch can take a seek made mid-batch;
     * the rest of the old batch is then handed over (and marked read) as if no seek had been
     * made, and the seek is lost. Messages at another offset than the one sought are skipped and
     * the seek made again, a few times at most (retention may have removed the offset sought).
     */
    const seeking = new Map<number, { offset: bigint; retries: number }>();
    const seek = (target: { topic: string; partition: number; offset: string }) => {
      next.set(target.partition, target.offset);
      seeking.set(target.partition, { offset: BigInt(target.offset), retries: MAX_RESEEKS });
      reader.seek(target);
    };
    /** False for a message from before the partition's last seek landed (it is sought again). */
    const landed = (partition: number, offset: string): boolean => {
      const sought = seeking.get(partition);
      if (sought === undefined) return true;
      if (BigInt(offset) === sought.offset || sought.retries === 0) {
        seeking.delete(partition);
        return true;
      }
      sought.retries -= 1;
      reader.seek({ topic, partition, offset: String(sought.offset) });
      return false;
    };
    const locator = createKeyframeLocator({ admin, topic, seek });
    active = {
      next,
      fail(error) {
        failed ??= { error };
        finish();
      },
      async handle(partition, offset, decoded, heartbeat) {
        if (signal?.aborted || !pending.has(partition) || !landed(partition, offset)) return;
        next.set(partition, String(BigInt(offset) + 1n));
        if ('error' in decoded) {
          options.onSkipped?.({ partition, offset, error: decoded.error });
          // A foreign or broken message can be the last one: it still marks how far the replay got.
          return reached(partition, offset);
        }
        const { frame } = decoded;
        const step = await locator.place(partition, offset, frame);
        if (step === 'pass') return;
        const catchingUp = step === 'catch-up';
        const received: ReceivedFrame = { frame, partition, offset, latencyMs: Date.now() - frame.captureTime, catchingUp, heartbeat };
        if (pastEnd(received, options.to)) {
          pending.delete(partition);
          if (pending.size === 0) finish();
          return;
        }
        if (!catchingUp && options.speed) pace = await waitForCaptureTime(received, options.speed, pace, signal);
        if (signal?.aborted) return;
        try {
          await options.onFrame(received);
        } catch (error) {
          // As a live student does: a frame the handler cannot use (a forged picture) is skipped
          // and counted, it does not end the replay, the recording or the export.
          if (!isUnusableFrame(error)) throw error;
          options.onSkipped?.({ partition, offset, error });
          return reached(partition, offset);
        }
        if (!catchingUp) frames += 1;
        await reached(partition, offset);
      },
    };
    try {
      // Seek before resuming: kafkajs drops whatever it fetched for a partition with a seek pending.
      for (const partition of pending) seek({ topic, partition, offset: starts.find((s) => s.partition === partition)!.offset });
      for (const partition of pending) reading.add(partition);
      reader.resume([{ topic, partitions: [...pending] }]);
      await finished;
      await handling;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      reader.pause([{ topic, partitions: [...reading] }]);
      reading.clear();
      active = undefined;
    }
    if (failed) throw failed.error;
    return { frames };
  }

  return {
    classId,
    warm,
    play(options) {
      const result = queue.then(() => runPlay(options));
      queue = result.catch(() => undefined);
      return result;
    },
    async lessonStart() {
      const controller = new AbortController();
      let start: number | undefined;
      await this.play({
        from: { time: 0 },
        signal: controller.signal,
        onFrame: ({ frame, catchingUp }) => {
          if (catchingUp) return;
          start = frame.captureTime;
          controller.abort();
        },
      });
      return start;
    },
    async writtenCount() {
      await warm();
      return (await fetchEnds()).reduce((sum, { high }) => sum + BigInt(high), 0n);
    },
    async close() {
      if (closed) return;
      closed = true;
      // A replay still running (one that follows the lesson never ends by itself) ends now.
      active?.fail(new KafkaError('CC_REPLAY_CLOSED', 'the replay session was closed'));
      await queue;
      await warming?.catch(() => undefined);
      await consumer?.disconnect().catch(() => undefined);
      // A leftover empty group is harmless (Kafka expires it), so a failed delete is not an error.
      if (consumer) await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    },
  };
}

function pastEnd(received: ReceivedFrame, to: ReplayEnd | undefined): boolean {
  if (!to || received.catchingUp) return false;
  return 'time' in to ? received.frame.captureTime > to.time : BigInt(received.offset) > BigInt(to.offset);
}

type Pace = { firstCapture: number; startedAt: number };

async function waitForCaptureTime(received: ReceivedFrame, speed: number, pace: Pace | undefined, signal: AbortSignal | undefined): Promise<Pace> {
  if (!pace) return { firstCapture: received.frame.captureTime, startedAt: Date.now() };
  const dueAt = pace.startedAt + (received.frame.captureTime - pace.firstCapture) / speed;
  // Wait in short steps with heartbeats, so a long pause in the lesson does not cost the group.
  while (Date.now() < dueAt && !signal?.aborted) {
    await pause(Math.min(1000, dueAt - Date.now()), signal);
    await received.heartbeat();
  }
  return pace;
}
