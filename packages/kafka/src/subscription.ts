/**
 * The reading side of a class stream. A student reads in a consumer group of its own, so every
 * student gets every frame (publish-subscribe); a pool of recorders shares one group, so the
 * partitions are split between them (queue). Corrupt or foreign messages are skipped and counted.
 */
import type { Admin, Consumer, EachMessagePayload } from 'kafkajs';
import { ClasscastError, frameTopic, tryDecodeFrame, type Frame, type FrameFormatError } from '@classcast/protocol';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError } from './errors.js';

/**
 * live: start at the end of the stream as it is when start() is called (a student); when the
 *   class topic did not exist yet, from its first frame (the student was there before the lesson).
 * committed: go on from the group's committed offsets, from the beginning if it has none (a recorder).
 */
export type StartPosition = 'live' | 'committed';

export interface ReceivedFrame {
  frame: Frame;
  partition: number;
  offset: string;
  /** Capture to arrival, ms (clocks of teacher and student machines must agree for this to mean much). */
  latencyMs: number;
}

export interface SkippedMessage {
  partition: number;
  offset: string;
  error: FrameFormatError;
}

export interface SubscriptionOptions {
  connection: KafkaConnection;
  classId: string;
  groupId: string;
  startAt: StartPosition;
  onFrame(received: ReceivedFrame): void | Promise<void>;
  onSkipped?(skipped: SkippedMessage): void;
  /** How long start() waits for the class topic to appear (the teacher may not have started yet). */
  waitForTopicMs?: number;
}

export interface SubscriptionStats {
  frames: number;
  skipped: number;
  bytes: number;
}

export interface Subscription {
  readonly topic: string;
  readonly stats: Readonly<SubscriptionStats>;
  /** Resolves once this member has joined its group and been given its partitions. */
  start(): Promise<void>;
  /** Partitions this member reads now (for recorder pools). */
  assignedPartitions(): number[];
  stop(): Promise<void>;
}

// Frames can be several MB; kafkajs's defaults (1 MiB per partition) would stall on a 4K frame.
const MAX_BYTES_PER_PARTITION = 32 * 1024 * 1024;
const MAX_BYTES = 64 * 1024 * 1024;

export function createSubscription(options: SubscriptionOptions): Subscription {
  const topic = frameTopic(options.classId);
  const kafka = createKafkaClient({ clientId: `classcast-${options.groupId}`, ...options.connection });
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    maxBytesPerPartition: MAX_BYTES_PER_PARTITION,
    maxBytes: MAX_BYTES,
    maxWaitTimeInMs: 250,
    allowAutoTopicCreation: false,
  });
  const stats: SubscriptionStats = { frames: 0, skipped: 0, bytes: 0 };
  let assigned: number[] = [];
  const fail = (error: unknown) => describeKafkaError(error, options.connection.brokers);

  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    assigned = [...(event.payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
  });

  async function handle({ partition, message }: EachMessagePayload): Promise<void> {
    const result = tryDecodeFrame(message);
    if ('error' in result) {
      stats.skipped += 1;
      options.onSkipped?.({ partition, offset: message.offset, error: result.error });
      return;
    }
    stats.frames += 1;
    stats.bytes += result.frame.payload.length;
    await options.onFrame({
      frame: result.frame,
      partition,
      offset: message.offset,
      latencyMs: Date.now() - result.frame.captureTime,
    });
  }

  return {
    topic,
    stats,
    assignedPartitions: () => assigned,
    async start() {
      const admin = kafka.admin();
      let startOffsets: Array<{ partition: number; offset: string }> = [];
      try {
        await admin.connect();
        const existedAlready = await waitForTopic(admin, topic, options.waitForTopicMs ?? 30_000);
        // A student who was waiting for the lesson to begin sees it from its first frame.
        if (options.startAt === 'live') startOffsets = await topicOffsets(admin, topic, existedAlready ? 'high' : 'low');
      } catch (error) {
        throw fail(error);
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      // Seeks given in the first GROUP_JOIN handler are applied before the first fetch, so "live"
      // means "from the moment start() was called", with no race against Kafka's offset reset.
      const joined = new Promise<void>((resolve) => {
        const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
          remove();
          for (const { partition, offset } of startOffsets) consumer.seek({ topic, partition, offset });
          resolve();
        });
      });
      try {
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({ eachMessage: handle });
      } catch (error) {
        throw fail(error);
      }
      await joined;
    },
    async stop() {
      await consumer.disconnect();
    },
  };
}

/** Resolves true when the topic was there at once, false when it appeared while we waited. */
async function waitForTopic(admin: Admin, topic: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100, first = true; ; delay = Math.min(delay * 2, 2000), first = false) {
    if ((await admin.listTopics()).includes(topic)) return first;
    if (Date.now() + delay > deadline) {
      throw new ClasscastError('CC_CLASS_NOT_FOUND', `class topic ${topic} does not exist yet: has the teacher started?`, { retriable: true });
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function topicOffsets(admin: Admin, topic: string, end: 'low' | 'high'): Promise<Array<{ partition: number; offset: string }>> {
  return (await admin.fetchTopicOffsets(topic)).map((offsets) => ({ partition: offsets.partition, offset: offsets[end] }));
}
