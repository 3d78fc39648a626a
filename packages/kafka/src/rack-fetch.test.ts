/**
 * Fetch from the nearest replica (KIP-392) on the embedded 3-node cluster, measured with the
 * brokers' own byte counters: students who name their rack are served by their rack's broker, so
 * the three brokers share a class's egress; students who name none all read from the leader.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rackOfNode, readBrokerBytesOut, startKafka, type KafkaCluster } from '@classcast/broker';
import { frameTopic } from '@classcast/protocol';
import { createBroadcaster } from './broadcaster.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { createSubscription, type Subscription } from './subscription.js';
import { testKeyFrame, uniqueClassId } from './testing.js';
import { waitFor } from '../../../test-support/wait-for.js';

const FRAMES = 30;
const FRAME_BYTES = 40_000;

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafka({ nodes: 3 });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

/** A class of FRAMES keyframes (replication factor 3: a copy on every node), written by a teacher. */
async function recordedClass(label: string): Promise<string> {
  const classId = uniqueClassId(label);
  const teacher = createBroadcaster({ connection: { brokers: cluster.bootstrapServers }, classId });
  await teacher.start();
  for (let sequence = 0; sequence < FRAMES; sequence += 1) await teacher.send(testKeyFrame(sequence, FRAME_BYTES));
  await teacher.stop();
  return classId;
}

/** One student per entry of `racks` reads every frame of the class from offset 0; resolves with the payload bytes each read. */
async function studentsReadAll(classId: string, racks: Array<string | undefined>): Promise<number[]> {
  const students: Subscription[] = racks.map((rack, index) => {
    const connection: KafkaConnection = { brokers: cluster.bootstrapServers, ...(rack ? { rack } : {}) };
    return createSubscription({ connection, classId, groupId: `${classId}-student-${index}`, startAt: { offsets: { 0: '0' } }, onFrame: () => undefined });
  });
  try {
    await Promise.all(students.map((student) => student.start()));
    await waitFor(
      () => students.every((student) => student.stats.frames === FRAMES),
      30_000,
      () => `every student reading ${FRAMES} frames (read ${students.map((s) => s.stats.frames).join(', ')})`,
    );
    return students.map((student) => student.stats.bytes);
  } finally {
    await Promise.all(students.map((student) => student.stop()));
  }
}

async function leaderOf(classId: string): Promise<number> {
  const admin = createKafkaClient({ brokers: cluster.bootstrapServers }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicMetadata({ topics: [frameTopic(classId)] })).topics[0]!.partitions[0]!.leader;
  } finally {
    await admin.disconnect();
  }
}

const share = (bytes: Map<number, number>) => {
  const total = [...bytes.values()].reduce((sum, value) => sum + value, 0);
  return new Map([...bytes].map(([node, value]) => [node, value / total]));
};

test('without racks every student reads from the leader; with racks each broker serves its own rack', async () => {
  const plain = await recordedClass('no-rack');
  const perStudent = await studentsReadAll(plain, [undefined, undefined, undefined]);
  const plainOut = await readBrokerBytesOut(cluster, { topic: frameTopic(plain) });
  const leader = await leaderOf(plain);
  for (const [node, bytes] of plainOut) {
    if (node === leader) {
      // Three students' bytes (plus Kafka's batch headers), not five: the two followers' replica
      // fetches are counted in ReplicationBytesOutPerSec, not here.
      expect(bytes).toBeGreaterThan(3 * perStudent[0]!);
      expect(bytes).toBeLessThan(4 * perStudent[0]!);
    } else expect(bytes).toBe(0);
  }

  const racked = await recordedClass('rack');
  await studentsReadAll(
    racked,
    cluster.nodes.map((node) => rackOfNode(node.nodeId)),
  );
  const rackedOut = await readBrokerBytesOut(cluster, { topic: frameTopic(racked) });
  console.log(`egress per node, no racks: ${JSON.stringify([...plainOut])}; racks: ${JSON.stringify([...rackedOut])}`);
  for (const [node, fraction] of share(rackedOut)) expect(fraction, `node ${node}'s share of the egress`).toBeGreaterThan(0.2);
}, 90_000);
