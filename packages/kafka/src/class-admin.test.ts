import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import kafkajs from 'kafkajs';
import { startKafka, type KafkaCluster } from '@classcast/broker';
import { announcementTopic, frameTopic, pause, shareDecisionTopic, shareOfferTopic, sharedScreenTopic } from '@classcast/protocol';
import { announce } from './announcements.js';
import { decideShare } from './share.js';
import { createClassAdmin, roundRobinReplicas, type ClassAdmin } from './class-admin.js';
import { createKafkaClient } from './connection.js';
import { uniqueClassId } from './testing.js';
import { waitFor } from '../../../test-support/wait-for.js';

const connection = { brokers: inject('kafkaBrokers') };

/** min.insync.replicas of a class topic as Kafka itself describes it (the topic's value or the broker default). */
async function minInsyncAsKafkaSays(brokers: string[], classId: string): Promise<string | undefined> {
  const kafka = createKafkaClient({ brokers }).admin();
  await kafka.connect();
  try {
    const { resources } = await kafka.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: frameTopic(classId), configNames: ['min.insync.replicas'] }],
    });
    return resources[0]?.configEntries[0]?.configValue;
  } finally {
    await kafka.disconnect();
  }
}

async function topics(): Promise<string[]> {
  const kafka = createKafkaClient(connection).admin();
  await kafka.connect();
  try {
    return await kafka.listTopics();
  } finally {
    await kafka.disconnect();
  }
}

describe('class administration on one broker', () => {
  let admin: ClassAdmin;
  beforeAll(async () => {
    admin = await createClassAdmin(connection);
  });
  afterAll(() => admin.close());

  test('create, list, describe, add partitions, change retention (keeping the other settings), delete', async () => {
    const classId = uniqueClassId('admin');
    expect(await admin.create(classId, { partitions: 2 })).toBe(true);
    expect(await admin.list()).toContain(classId);

    const created = await admin.describe(classId);
    expect(created.partitions.map((p) => p.partition)).toEqual([0, 1]);
    expect(created.configs['max.message.bytes']).toBe(String(16 * 1024 * 1024));

    await admin.setPartitionCount(classId, 3);
    await admin.setConfigs(classId, { 'retention.ms': String(3_600_000) });
    const altered = await admin.describe(classId);
    expect(altered.partitions).toHaveLength(3);
    expect(altered.configs['retention.ms']).toBe('3600000');
    // Plain AlterConfigs replaces every topic setting: ours must keep the frame size limit.
    expect(altered.configs['max.message.bytes']).toBe(String(16 * 1024 * 1024));

    await expect(admin.setPartitionCount(classId, 2)).rejects.toMatchObject({ code: 'CC_BAD_PARTITION_COUNT' });
    await announce({ connection, classId, text: 'this class is closing' });
    await decideShare({ connection, classId, student: 'ada', decision: 'accept' });
    expect(await topics()).toContain(sharedScreenTopic(classId));
    await admin.delete(classId);
    expect(await admin.list()).not.toContain(classId);
    expect(await topics()).not.toContain(announcementTopic(classId));
    // Its share topics go with it.
    for (const topic of [shareOfferTopic(classId), shareDecisionTopic(classId), sharedScreenTopic(classId)]) expect(await topics()).not.toContain(topic);
    await expect(admin.describe(classId)).rejects.toMatchObject({ code: 'CC_CLASS_NOT_FOUND' });
  });

  test('one copy: no min.insync.replicas of its own, and more than one is refused in one line', async () => {
    const classId = uniqueClassId('single-copy');
    await admin.create(classId);
    expect((await admin.describe(classId)).configs['min.insync.replicas']).toBeUndefined();
    expect((await admin.describe(classId)).minInsyncReplicas).toBe(1);
    await expect(admin.configure(classId, { minInsyncReplicas: 2 })).rejects.toThrow(/^min.insync.replicas 2 must be 1..1, the class's replication factor$/);
    await expect(admin.create(uniqueClassId('single-copy'), { minInsyncReplicas: 2 })).rejects.toMatchObject({ code: 'CC_BAD_MIN_INSYNC' });
    await admin.delete(classId);
  });

  test('round-robin replica placement matches the Kafka tool and refuses impossible factors', () => {
    expect([0, 1, 2, 3].map((p) => roundRobinReplicas([3, 1, 2], p, 2))).toEqual([
      [1, 2],
      [2, 3],
      [3, 1],
      [1, 2],
    ]);
    expect(() => roundRobinReplicas([1, 2], 0, 3)).toThrow(/needs 1..2 brokers/);
  });
});

describe('a 3-node cluster: durability and partition reassignment', () => {
  let cluster: KafkaCluster;
  let admin: ClassAdmin;
  beforeAll(async () => {
    cluster = await startKafka({ nodes: 3 });
    admin = await createClassAdmin({ brokers: cluster.bootstrapServers });
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await cluster?.stop();
  });

  test('generate, execute and verify move a class to replication factor 3, checked by describing the replicas', async () => {
    const classId = uniqueClassId('move');
    await admin.create(classId, { partitions: 3, replicationFactor: 1 });
    const brokerIds = cluster.nodes.map((node) => node.nodeId);
    const { current, proposed } = await admin.generateReassignment([classId], brokerIds, 3);
    expect(current.partitions.every((p) => p.replicas.length === 1)).toBe(true);
    expect(proposed.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3]);

    await admin.executeReassignment(proposed);
    let progress = await admin.verifyReassignment(proposed);
    const deadline = Date.now() + 60_000;
    while (progress.some((p) => p.state !== 'completed') && Date.now() < deadline) {
      await pause(500);
      progress = await admin.verifyReassignment(proposed);
    }
    expect(progress.map((p) => p.state)).toEqual(['completed', 'completed', 'completed']);

    let described = await admin.describe(classId);
    // Brokers learn the new in-sync sets from the controller a moment after the move completes.
    while (described.partitions.some((p) => p.isr.length < 3) && Date.now() < deadline) {
      await pause(250);
      described = await admin.describe(classId);
    }
    described.partitions.forEach((p, i) => {
      expect(p.replicas).toEqual(proposed.partitions[i]!.replicas);
      expect([...p.isr].sort()).toEqual([...proposed.partitions[i]!.replicas].sort());
    });
  }, 120_000);

  test('a class of 3 copies gets min.insync.replicas=2 unless told otherwise; more than 3 is refused', async () => {
    const durable = uniqueClassId('durable');
    await admin.create(durable, { replicationFactor: 3 });
    expect(await minInsyncAsKafkaSays(cluster.bootstrapServers, durable)).toBe('2');
    expect((await admin.describe(durable)).minInsyncReplicas).toBe(2);

    const relaxed = uniqueClassId('relaxed');
    await admin.create(relaxed, { replicationFactor: 3, minInsyncReplicas: 1 });
    expect(await minInsyncAsKafkaSays(cluster.bootstrapServers, relaxed)).toBe('1');
    // Every copy must confirm: honoured (a single broker down then pauses the lesson). A change
    // reaches each broker through the metadata log, so the broker asked may answer a moment late.
    await admin.configure(relaxed, { minInsyncReplicas: 3 });
    await waitFor(
      async () => (await minInsyncAsKafkaSays(cluster.bootstrapServers, relaxed)) === '3',
      10_000,
      () => 'min.insync.replicas=3',
    );

    await expect(admin.create(uniqueClassId('impossible'), { replicationFactor: 3, minInsyncReplicas: 4 })).rejects.toThrow(
      "min.insync.replicas 4 must be 1..3, the class's replication factor",
    );
    await expect(admin.configure(durable, { minInsyncReplicas: 4 })).rejects.toMatchObject({ code: 'CC_BAD_MIN_INSYNC' });
    expect(await minInsyncAsKafkaSays(cluster.bootstrapServers, durable)).toBe('2');
  });

  test('a broken plan is refused with a clear line', async () => {
    await expect(admin.executeReassignment({ version: 1, partitions: [{ topic: 't', partition: 0, replicas: [1, 1] }] })).rejects.toThrow(
      /lists a broker twice/,
    );
  });
});
