/**
 * Test-only helpers (not exported from the package): a topic round trip through a real broker
 * with kafkajs, with fetch limits raised for frames over 1 MiB.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { pollUntil } from '@classcast/protocol';

export function testKafka(brokers: string[]): Kafka {
  // Shuffled: kafkajs always tries its first seed first, which may be the node a test killed.
  const seeds = [...brokers].sort(() => Math.random() - 0.5);
  return new Kafka({ clientId: 'classcast-broker-test', brokers: seeds, logLevel: logLevel.NOTHING });
}

export async function withAdmin<T>(brokers: string[], use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = testKafka(brokers).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

export async function produce(brokers: string[], topic: string, values: Buffer[]): Promise<void> {
  const producer = testKafka(brokers).producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
  } finally {
    await producer.disconnect();
  }
}

/** Reads `count` messages from the start of `topic` in a fresh consumer group. */
export async function consume(brokers: string[], topic: string, count: number, timeoutMs = 30_000): Promise<Buffer[]> {
  const consumer = testKafka(brokers).consumer({
    groupId: `classcast-broker-test-${randomUUID()}`,
    maxBytesPerPartition: 20 * 1024 * 1024,
    maxBytes: 50 * 1024 * 1024,
    // disconnect() waits for the fetch in flight: do not let it idle for the 5 s default.
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<Buffer[]>((resolve, reject) => {
      const values: Buffer[] = [];
      const timer = setTimeout(() => reject(new Error(`only ${values.length} of ${count} messages within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            if (message.value) values.push(message.value);
            if (values.length === count) {
              clearTimeout(timer);
              resolve(values);
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Creates a topic and waits until every partition has a leader. kafkajs's own waitForLeaders
 * gives up when Kafka 4 answers "unknown topic" for a topic a broker has not loaded yet.
 */
export async function createTopicAndWait(admin: Admin, topic: string, replicationFactor = 1, timeoutMs = 30_000): Promise<void> {
  await admin.createTopics({ topics: [{ topic, replicationFactor }], waitForLeaders: false });
  const ready = await pollUntil(
    () =>
      admin.fetchTopicMetadata({ topics: [topic] }).then(
        ({ topics }) => (topics[0]?.partitions ?? []).length > 0 && topics[0]!.partitions.every((p) => p.leader >= 0),
        () => false,
      ),
    { intervalMs: 200, timeoutMs },
  );
  if (!ready) throw new Error(`topic ${topic} has no leader after ${timeoutMs} ms`);
}
