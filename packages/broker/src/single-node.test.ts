import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesMentioning } from './process-table.js';
import { startKafka, type KafkaCluster } from './start-kafka.js';
import { consume, createTopicAndWait, produce, withAdmin } from './kafka-client-test-helpers.js';

describe('startKafka with one node', () => {
  let cluster: KafkaCluster;

  beforeAll(async () => {
    cluster = await startKafka({ nodes: 1 });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('answers on one loopback bootstrap server with its node listed', async () => {
    expect(cluster.bootstrapServers).toEqual([`127.0.0.1:${cluster.nodes[0]!.port}`]);
    const described = await withAdmin(cluster.bootstrapServers, (admin) => admin.describeCluster());
    expect(described.brokers.map((b) => b.nodeId)).toEqual([1]);
    expect(described.clusterId).toBe(cluster.clusterId);
  });

  it('does not create topics on first use', async () => {
    const topics = await withAdmin(cluster.bootstrapServers, async (admin) => {
      await admin.fetchTopicMetadata({ topics: ['never-created'] }).catch(() => undefined);
      return admin.listTopics();
    });
    expect(topics).not.toContain('never-created');
  });

  it('carries a 2 MB message (message.max.bytes is raised above the 1 MiB default)', async () => {
    const topic = 'big-frames';
    await withAdmin(cluster.bootstrapServers, (admin) => createTopicAndWait(admin, topic));
    const frame = randomBytes(2 * 1024 * 1024);
    await produce(cluster.bootstrapServers, topic, [frame]);
    const [received] = await consume(cluster.bootstrapServers, topic, 1);
    expect(received?.equals(frame)).toBe(true);
  });

  it('stops a node gracefully: SIGTERM lets Kafka shut down cleanly', async () => {
    const node = cluster.nodes[0]!;
    expect(processesMentioning(cluster.dataDir).map((p) => p.pid)).toEqual([node.pid]);
    await node.stop();
    expect(node.running).toBe(false);
    expect(node.pid).toBeUndefined();
    expect(readFileSync(node.logFile, 'utf8')).toMatch(/shut down completed/);
  });

  it('stop leaves no JVM behind and removes its temp data dir', async () => {
    const { dataDir } = cluster;
    await cluster.nodes[0]!.start(); // restarted in place, then stopped with the cluster
    expect(processesMentioning(dataDir)).toHaveLength(1);
    await cluster.stop();
    expect(processesMentioning(dataDir)).toEqual([]);
    expect(existsSync(dataDir)).toBe(false);
    expect(cluster.nodes[0]!.running).toBe(false);
  });
});
