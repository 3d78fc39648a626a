import { afterEach, describe, expect, inject, test } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { frameTopic, recorderGroupId, studentGroupId } from '@classcast/protocol';
import { createBroadcaster, type Broadcaster } from './broadcaster.js';
import { createClassAdmin } from './class-admin.js';
import { createSubscription, type ReceivedFrame, type SkippedMessage, type Subscription } from './subscription.js';
import { testKeyFrame, uniqueClassId } from './testing.js';
import { waitFor } from '../../../test-support/wait-for.js';

const brokers = inject('kafkaBrokers');
const connection = { brokers };
const running: Array<Broadcaster | Subscription> = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => part.stop()));
});

async function startTeacher(classId: string, partitions = 1, streamId?: string): Promise<Broadcaster> {
  const teacher = createBroadcaster({ connection, classId, topic: { partitions }, ...(streamId ? { streamId } : {}) });
  await teacher.start();
  running.push(teacher);
  return teacher;
}

async function startReader(classId: string, groupId: string, startAt: 'live' | 'committed', onSkipped?: (s: SkippedMessage) => void) {
  const received: ReceivedFrame[] = [];
  const reader = createSubscription({ connection, classId, groupId, startAt, onFrame: (r) => void received.push(r), ...(onSkipped ? { onSkipped } : {}) });
  await reader.start();
  running.push(reader);
  return { reader, received };
}

describe('a lesson over the real broker', () => {
  test('two students in their own groups each receive every frame, in order and byte-identical', async () => {
    const classId = uniqueClassId('spine');
    const teacher = await startTeacher(classId);
    const ada = await startReader(classId, studentGroupId(classId, 'ada'), 'live');
    const bob = await startReader(classId, studentGroupId(classId, 'bob'), 'live');

    const sent = Array.from({ length: 40 }, (_, i) => testKeyFrame(i, 1000 + i * 97));
    for (const frame of sent) await teacher.send(frame);

    for (const student of [ada, bob]) {
      await waitFor(() => student.received.length >= sent.length, 15_000, 'all frames');
      expect(student.received.map((r) => r.frame.sequence)).toEqual(sent.map((f) => f.sequence));
      student.received.forEach((r, i) => expect(Buffer.compare(Buffer.from(r.frame.payload), Buffer.from(sent[i]!.payload))).toBe(0));
      expect(student.received.every((r) => r.latencyMs >= 0 && r.latencyMs < 10_000)).toBe(true);
    }
  });

  test('a frame over 1 MiB goes through', async () => {
    const classId = uniqueClassId('big');
    const teacher = await startTeacher(classId);
    const student = await startReader(classId, studentGroupId(classId, 'ada'), 'live');
    const big = testKeyFrame(0, 3 * 1024 * 1024);
    await teacher.send(big);
    await waitFor(() => student.received.length === 1, 15_000, 'the 3 MiB frame');
    expect(student.received[0]!.frame.payload.length).toBe(big.payload.length);
  });

  test('a frame over the class topic limit is refused with one clear line', async () => {
    const classId = uniqueClassId('limit');
    const teacher = createBroadcaster({ connection, classId, topic: { maxMessageBytes: 64 * 1024 } });
    await teacher.start();
    running.push(teacher);
    await expect(teacher.send(testKeyFrame(0, 200 * 1024))).rejects.toMatchObject({
      code: 'CC_FRAME_TOO_LARGE',
      message: expect.stringMatching(/over the limit of class \S+ \(max\.message\.bytes 64\.0 KiB\): an admin raises it with "classcast class config/),
    });
  });

  test("an admin's settings hold: the teacher keeps the topic's limit, and a topic deleted mid-lesson comes back with them", async () => {
    const classId = uniqueClassId('settings');
    const admin = await createClassAdmin(connection);
    try {
      await admin.create(classId, { partitions: 2 });
      await admin.setConfigs(classId, { 'retention.ms': '3600000', 'max.message.bytes': String(128 * 1024) });
      const teacher = createBroadcaster({ connection, classId }); // the teacher's default limit is 16 MiB
      await teacher.start();
      running.push(teacher);
      await expect(teacher.send(testKeyFrame(0, 200 * 1024))).rejects.toMatchObject({
        code: 'CC_FRAME_TOO_LARGE',
        message: expect.stringMatching(/max\.message\.bytes 128\.0 KiB/),
      });

      await admin.delete(classId);
      const told = await teacher.send(testKeyFrame(0)).catch((error: unknown) => error);
      expect(told).toMatchObject({ code: 'CC_CLASS_TOPIC_DELETED', retriable: true });
      const recreated = await admin.describe(classId);
      expect(recreated.partitions).toHaveLength(2);
      expect(recreated.configs).toMatchObject({ 'retention.ms': '3600000', 'max.message.bytes': String(128 * 1024) });
    } finally {
      await admin.close();
    }
  });

  test('recorders sharing one group split the partitions while each student still gets everything', async () => {
    const classId = uniqueClassId('queue');
    // Two streams whose keys hash to different partitions of a 2-partition topic.
    const screen = await startTeacher(classId, 2, 'screen-0');
    const camera = await startTeacher(classId, 2, 'screen-1');
    const student = await startReader(classId, studentGroupId(classId, 'ada'), 'live');
    const pool = recorderGroupId(classId);
    const first = await startReader(classId, pool, 'committed');
    const second = await startReader(classId, pool, 'committed');
    await waitFor(() => first.reader.assignedPartitions().length === 1 && second.reader.assignedPartitions().length === 1, 20_000, 'rebalance');

    const partitionsUsed = new Set<number>();
    for (let i = 0; i < 20; i += 1) {
      partitionsUsed.add((await screen.send(testKeyFrame(i))).partition);
      partitionsUsed.add((await camera.send(testKeyFrame(i))).partition);
    }
    expect([...partitionsUsed].sort()).toEqual([0, 1]);

    await waitFor(() => first.received.length + second.received.length >= 40 && student.received.length >= 40, 15_000, 'frames');
    expect(student.received).toHaveLength(40);
    // Queue semantics: each recorder got exactly the frames of its own partition, none twice.
    for (const recorder of [first, second]) {
      expect(recorder.received).toHaveLength(20);
      expect(new Set(recorder.received.map((r) => r.partition))).toEqual(new Set(recorder.reader.assignedPartitions()));
    }
  });

  test('a corrupt or foreign message is skipped and counted; the frames around it arrive', async () => {
    const classId = uniqueClassId('corrupt');
    const teacher = await startTeacher(classId);
    const skipped: SkippedMessage[] = [];
    const student = await startReader(classId, studentGroupId(classId, 'ada'), 'live', (s) => skipped.push(s));

    const raw = new Kafka({ clientId: 'foreign-writer', brokers, logLevel: logLevel.NOTHING }).producer();
    await raw.connect();
    await teacher.send(testKeyFrame(0));
    await raw.send({ topic: frameTopic(classId), messages: [{ key: 'screen-0', value: 'hello from kcat' }] });
    await raw.send({
      topic: frameTopic(classId),
      messages: [{ key: 'screen-0', value: Buffer.from([0xff, 0xd8]), headers: { 'cc.v': '1', 'cc.kind': 'key' } }],
    });
    await teacher.send(testKeyFrame(1));
    await raw.disconnect();

    await waitFor(() => student.received.length === 2 && skipped.length === 2, 15_000, 'frames and skips');
    expect(skipped.map((s) => s.error.code)).toEqual(['CC_FRAME_NOT_CLASSCAST', 'CC_FRAME_BAD_HEADER']);
    expect(student.reader.stats).toMatchObject({ frames: 2, skipped: 2 });
  });

  test('an unreachable broker gives one clear line', async () => {
    const teacher = createBroadcaster({ connection: { brokers: ['127.0.0.1:1'], connectionTimeoutMs: 500 }, classId: 'nobody' });
    const error = await teacher.start().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CC_BROKER_UNREACHABLE', retriable: true });
    expect((error as Error).message).toMatch(/^cannot reach Kafka at 127\.0\.0\.1:1: is the broker running\?/);
    expect((error as Error).message).not.toContain('\n');
  });
});
