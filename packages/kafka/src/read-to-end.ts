/**
 * Reads a small topic from its oldest message to where it ends now, group-less (cluster-client.ts):
 * a class's settings, its annotations. A consumer group would wait group.initial.rebalance.delay.ms
 * (3 s on a cluster with Kafka's defaults) before the first message, and every viewer reads these
 * as it starts.
 */
import type { Admin, KafkaMessage } from 'kafkajs';
import { createClusterClient, type ClusterClient, type FetchLimits } from './cluster-client.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError } from './errors.js';
import { retryRetriable } from './retry.js';

/** Calls `onMessage` for each message of `topic` up to its end at the call, partition by partition in offset order. */
export async function readToEnd(
  admin: Admin,
  cluster: ClusterClient,
  topic: string,
  limits: FetchLimits,
  onMessage: (partition: number, message: KafkaMessage) => void,
): Promise<void> {
  const offsets = await retryRetriable(() => admin.fetchTopicOffsets(topic));
  const ends = new Map(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]));
  const positions = new Map(offsets.filter((p) => ends.has(p.partition)).map((p) => [p.partition, BigInt(p.low)]));
  while (positions.size > 0) {
    const asked = [...positions].map(([partition, offset]) => ({ partition, offset: String(offset) }));
    const fetched = await retryRetriable(() => cluster.fetchMessages(topic, asked, limits));
    // Nothing at all where more was expected: compaction or retention removed the rest.
    if (fetched.every(({ messages }) => messages.length === 0)) break;
    for (const { partition, messages } of fetched) {
      for (const message of messages) {
        onMessage(partition, message);
        positions.set(partition, BigInt(message.offset) + 1n);
      }
      if ((positions.get(partition) ?? 0n) >= (ends.get(partition) ?? 0n)) positions.delete(partition);
    }
  }
}

/**
 * readToEnd with clients of its own, connected for this one read: false (and no message) when the
 * topic does not exist, or the user may not see it. Failures come as ClasscastErrors.
 */
export async function readTopicToEnd(
  connection: KafkaConnection,
  topic: string,
  limits: FetchLimits,
  onMessage: (partition: number, message: KafkaMessage) => void,
): Promise<boolean> {
  const admin = createKafkaClient(connection).admin();
  const cluster = createClusterClient(connection);
  try {
    await admin.connect();
    if (!(await admin.listTopics()).includes(topic)) return false;
    await readToEnd(admin, cluster, topic, limits, onMessage);
    return true;
  } catch (error) {
    throw describeKafkaError(error, connection.brokers);
  } finally {
    await cluster.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
