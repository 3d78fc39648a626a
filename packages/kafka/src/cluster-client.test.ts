import { afterEach, expect, inject, test } from 'vitest';
import { frameTopic, studentGroupId } from '@classcast/protocol';
import { createBroadcaster } from './broadcaster.js';
import { createClusterClient, type ClusterClient } from './cluster-client.js';
import { createKafkaClient } from './connection.js';
import { sendTestKeyFrame, uniqueClassId } from './testing.js';
import { listStudents } from './watchers.js';

const connection = { brokers: inject('kafkaBrokers') };
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function committedOffsets(groupId: string, topic: string) {
  const admin = createKafkaClient(connection).admin();
  await admin.connect();
  try {
    const [found] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return found?.partitions.map(({ partition, offset }) => ({ partition, offset }));
  } finally {
    await admin.disconnect();
  }
}

test('commits a position to a group without joining it, as the consumer-groups tool then shows', async () => {
  const classId = uniqueClassId('cluster-commit');
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  cleanup.push(() => teacher.stop());
  for (let i = 0; i < 3; i += 1) await sendTestKeyFrame(teacher);

  const client: ClusterClient = createClusterClient(connection);
  cleanup.push(() => client.disconnect());
  const groupId = studentGroupId(classId, 'ada');
  await client.commitOffsets(groupId, frameTopic(classId), [{ partition: 0, offset: '2' }]);
  expect(await committedOffsets(groupId, frameTopic(classId))).toEqual([{ partition: 0, offset: '2' }]);
  // Again, further on, on the same connection: the newest position wins.
  await client.commitOffsets(groupId, frameTopic(classId), [{ partition: 0, offset: '3' }]);
  expect(await committedOffsets(groupId, frameTopic(classId))).toEqual([{ partition: 0, offset: '3' }]);

  const students = await listStudents({ connection, classId });
  expect(students.map((student) => student.student)).toEqual(['ada']);
});

test('reads a topic without a group from a given offset, never what comes before it in the same record batch', async () => {
  const classId = uniqueClassId('cluster-fetch');
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  cleanup.push(() => teacher.stop());
  await sendTestKeyFrame(teacher);
  // One send of three messages is one record batch: a fetch from its middle gets the whole batch back.
  const producer = createKafkaClient(connection).producer();
  await producer.connect();
  cleanup.push(() => producer.disconnect());
  await producer.send({ topic: frameTopic(classId), messages: ['a', 'b', 'c'].map((value) => ({ key: 'batch', value })) });

  const client = createClusterClient(connection);
  cleanup.push(() => client.disconnect());
  const limits = { maxWaitMs: 100, maxBytesPerPartition: 1024 * 1024, maxBytes: 1024 * 1024 };
  const fetched = await client.fetchMessages(frameTopic(classId), [{ partition: 0, offset: '2' }], limits);
  expect(fetched.map(({ partition, messages }) => ({ partition, values: messages.map((m) => `${m.offset}:${String(m.value)}`) }))).toEqual([
    { partition: 0, values: ['2:b', '3:c'] },
  ]);
  // At the end of the log: nothing yet, after the leader's wait.
  expect(await client.fetchMessages(frameTopic(classId), [{ partition: 0, offset: '4' }], limits)).toEqual([{ partition: 0, messages: [] }]);
});
