/**
 * The brokers' JMX counters read from Node, on a node of its own: bytes served per topic, and the
 * fact the fetch session sizing rests on (docs/CAPACITY.md, "Kafka's limits"): kafkajs consumers open no
 * incremental fetch session, a Java consumer opens one.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readBrokerBytesOut, readBrokerMetrics, readFetchSessionStats } from './broker-metrics.js';
import { createTopicAndWait, produce, testKafka, withAdmin } from './kafka-client-test-helpers.js';
import { kafkaToolCommand } from './kafka-tools.js';
import { startKafka, type KafkaCluster } from './start-kafka.js';
import { waitFor } from '../../../test-support/wait-for.js';

const TOPIC = 'metrics';
const MESSAGES = 5;
const MESSAGE_BYTES = 10_000;

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafka();
  await withAdmin(cluster.bootstrapServers, (admin) => createTopicAndWait(admin, TOPIC));
  await produce(
    cluster.bootstrapServers,
    TOPIC,
    Array.from({ length: MESSAGES }, () => Buffer.alloc(MESSAGE_BYTES, 1)),
  );
}, 90_000);
afterAll(async () => {
  await cluster?.stop();
});

/** A kafkajs consumer of a group of its own that keeps fetching; resolves once it has read every message. */
async function kafkajsReader(): Promise<Consumer> {
  const consumer = testKafka(cluster.bootstrapServers).consumer({ groupId: `metrics-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  let read = 0;
  await consumer.run({ eachMessage: async () => void (read += 1) });
  await waitFor(() => read === MESSAGES, 30_000, `a kafkajs consumer reading ${MESSAGES} messages`);
  return consumer;
}

test('counts the bytes served per topic; kafkajs consumers hold no fetch session, a Java consumer holds one', async () => {
  const readers = await Promise.all(Array.from({ length: 5 }, () => kafkajsReader()));
  let javaConsumer: ChildProcess | undefined;
  try {
    const bytesOut = await readBrokerBytesOut(cluster, { topic: TOPIC });
    expect(bytesOut.get(1)).toBeGreaterThan(readers.length * MESSAGES * MESSAGE_BYTES);
    expect((await readFetchSessionStats(cluster)).get(1)).toEqual({ incrementalSessions: 0, partitionsCached: 0, evictions: 0 });

    const tool = await kafkaToolCommand('console-consumer', ['--bootstrap-server', cluster.bootstrapServers[0]!, '--topic', TOPIC, '--from-beginning']);
    javaConsumer = spawn(tool.command, tool.args, { stdio: 'ignore' });
    await waitFor(
      async () => (await readFetchSessionStats(cluster)).get(1)?.incrementalSessions === 1,
      30_000,
      'the Java console consumer opening an incremental fetch session',
    );
  } finally {
    javaConsumer?.kill('SIGKILL');
    await Promise.all(readers.map((reader) => reader.disconnect()));
  }
}, 90_000);

test('a JVM that is gone is named in a one-line error', async () => {
  const gone = spawnSync('true').pid;
  await expect(readBrokerMetrics([{ nodeId: 7, pid: gone }], [{ pattern: 'java.lang:type=Runtime', attribute: 'Uptime' }])).rejects.toThrow(
    /^cannot read the JMX counters of Kafka node 7 \(pid \d+\): [^\n]+$/,
  );
});
