/**
 * Where a lesson begins: the capture time of the oldest keyframe Kafka still keeps of it (a
 * replay cannot show anything before it). Read group-less (cluster-client.ts), so asking costs
 * no consumer group: the gateway asks once for all the students of a class, and a new group
 * would wait group.initial.rebalance.delay.ms first on a cluster with Kafka's defaults.
 */
import { frameTopic, tryDecodeFrame } from '@classcast/protocol';
import { createClusterClient, type FetchLimits } from './cluster-client.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { retryRetriable } from './retry.js';

/** Frames are large: a fetch from the start brings a keyframe or a few deltas before one. */
const FETCH_LIMITS: FetchLimits = { maxWaitMs: 0, maxBytesPerPartition: 32 * 1024 * 1024, maxBytes: 64 * 1024 * 1024 };
/** Keyframes come at least every few seconds; a start without one this far in gives up on that partition. */
const MAX_FETCHES_PER_PARTITION = 8;

/** The lesson's first keyframe time over all partitions; undefined while the class topic is empty or missing. */
export async function readLessonStart(connection: KafkaConnection, classId: string): Promise<number | undefined> {
  const topic = frameTopic(classId);
  const admin = createKafkaClient(connection).admin();
  const cluster = createClusterClient(connection);
  try {
    await admin.connect();
    if (!(await admin.listTopics()).includes(topic)) return undefined;
    const offsets = await retryRetriable(() => admin.fetchTopicOffsets(topic));
    const starts = await Promise.all(
      offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => firstKeyframeTime(p.partition, BigInt(p.low), BigInt(p.high))),
    );
    const found = starts.filter((time): time is number => time !== undefined);
    return found.length === 0 ? undefined : Math.min(...found);
  } finally {
    await cluster.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }

  async function firstKeyframeTime(partition: number, low: bigint, high: bigint): Promise<number | undefined> {
    let next = low;
    for (let fetches = 0; fetches < MAX_FETCHES_PER_PARTITION && next < high; fetches += 1) {
      const [fetched] = await retryRetriable(() => cluster.fetchMessages(topic, [{ partition, offset: String(next) }], FETCH_LIMITS));
      const messages = fetched?.messages ?? [];
      if (messages.length === 0) return undefined;
      for (const message of messages) {
        const decoded = tryDecodeFrame(message);
        if ('frame' in decoded && decoded.frame.kind === 'key') return decoded.frame.captureTime;
        next = BigInt(message.offset) + 1n;
      }
    }
    return undefined;
  }
}
