import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesMentioning } from './process-table.js';
import { startKafka, type KafkaCluster } from './start-kafka.js';
import { consume, createTopicAndWait, produce, withAdmin } from './kafka-client-test-helpers.js';
import { describeCluster } from './wait-for-cluster.js';
import { waitFor } from '../../../test-support/wait-for.js';

const TOPIC = 'replicated';

async function waitForBrokers(bootstrap: string[], expected: number[], timeoutMs = 30_000): Promise<void> {
  let seen: number[] = [];
  const listed = async () => {
    seen = await describeCluster(bootstrap).then(
      (d) => d.brokers,
      () => [],
    );
    return JSON.stringify(seen) === JSON.stringify(expected);
  };
  await waitFor(listed, timeoutMs, () => `brokers ${JSON.stringify(expected)} (seen ${JSON.stringify(seen)})`);
}

describe('startKafka with three nodes', () => {
  let cluster: KafkaCluster;

  beforeAll(async () => {
    cluster = await startKafka({ nodes: 3 });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('runs three nodes on distinct loopback ports and dirs, all in describeCluster', async () => {
    const ports = cluster.nodes.flatMap((node) => [node.port, node.controllerPort]);
    expect(new Set(ports).size).toBe(6);
    expect(new Set(cluster.nodes.map((node) => node.dir)).size).toBe(3);
    const described = await describeCluster(cluster.bootstrapServers);
    expect(described.brokers).toEqual([1, 2, 3]);
    expect([1, 2, 3]).toContain(described.controller);
  });

  it('creates a topic replicated on all three nodes', async () => {
    const partitions = await withAdmin(cluster.bootstrapServers, async (admin) => {
      await createTopicAndWait(admin, TOPIC, 3);
      return (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics[0]!.partitions;
    });
    expect(partitions[0]!.replicas.sort()).toEqual([1, 2, 3]);
    await produce(cluster.bootstrapServers, TOPIC, [Buffer.from('before the crash')]);
  });

  it('keeps answering and serving the topic when the partition leader is killed', async () => {
    const leaderId = await withAdmin(cluster.bootstrapServers, async (admin) => {
      return (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics[0]!.partitions[0]!.leader;
    });
    const leader = cluster.nodes.find((node) => node.nodeId === leaderId)!;
    const pid = leader.pid!;
    await leader.kill();
    expect(leader.running).toBe(false);
    expect(processesMentioning(leader.dir).map((p) => p.pid)).not.toContain(pid);

    const survivors = cluster.nodes.filter((node) => node !== leader).map((node) => node.nodeId);
    await waitForBrokers(cluster.bootstrapServers, survivors); // fenced after broker.session.timeout.ms
    await produce(cluster.bootstrapServers, TOPIC, [Buffer.from('after the crash')]);
    const values = await consume(cluster.bootstrapServers, TOPIC, 2);
    expect(values.map(String)).toEqual(['before the crash', 'after the crash']);
  });

  it('restarts a killed node with the same port and data', async () => {
    const stopped = cluster.nodes.find((node) => !node.running)!;
    const port = stopped.port;
    await stopped.start();
    expect(stopped.running).toBe(true);
    expect(stopped.port).toBe(port);
    await waitForBrokers([stopped.bootstrapServer], [1, 2, 3]);
  });

  it('stop leaves no JVM behind', async () => {
    await cluster.stop();
    expect(processesMentioning(cluster.dataDir)).toEqual([]);
    expect(cluster.nodes.every((node) => !node.running)).toBe(true);
  });
});
