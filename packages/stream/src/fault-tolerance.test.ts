/**
 * A lesson on a replicated class (3 brokers, replication factor 3, min.insync.replicas 2, the
 * teacher producing with acks=all) survives what goes wrong in a school's server room.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startKafka, type KafkaCluster } from '@classcast/broker';
import { studentGroupId } from '@classcast/protocol';
import { createBroadcaster, type Broadcaster, createClassAdmin, createSubscription, type ReceivedFrame, type Subscription } from '@classcast/kafka';
import { uniqueClassId } from '@classcast/kafka/testing';
import { changingSource } from './test-helpers.js';
import { createTeacherStream, type TeacherStream } from './teacher-stream.js';
import { waitFor } from '../../../test-support/wait-for.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafka({ nodes: 3 });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

interface Lesson {
  broadcaster: Broadcaster;
  session: TeacherStream;
  done: Promise<number>;
  students: Array<{ subscription: Subscription; received: ReceivedFrame[]; arrivals: number[] }>;
  stalls: Array<string | undefined>;
}

async function startLesson(classId: string): Promise<Lesson> {
  const connection = { brokers: cluster.bootstrapServers };
  const admin = await createClassAdmin(connection);
  await admin.create(classId, { replicationFactor: 3, minInsyncReplicas: 2 });
  await admin.close();
  const broadcaster = createBroadcaster({ connection, classId, acks: -1 });
  await broadcaster.start();
  const students = await Promise.all(
    ['ada', 'bob'].map(async (name) => {
      const received: ReceivedFrame[] = [];
      const arrivals: number[] = [];
      const subscription = createSubscription({
        connection,
        classId,
        groupId: studentGroupId(classId, name),
        startAt: 'live',
        onFrame: (r) => {
          received.push(r);
          arrivals.push(Date.now());
        },
      });
      await subscription.start();
      return { subscription, received, arrivals };
    }),
  );
  const stalls: Array<string | undefined> = [];
  const session = createTeacherStream({ source: changingSource(), broadcaster, fps: 10, tileDeltas: false, onStalled: (reason) => stalls.push(reason?.code) });
  return { broadcaster, session, done: session.start(), students, stalls };
}

async function endLesson(lesson: Lesson): Promise<number> {
  await lesson.session.stop();
  const sent = await lesson.done;
  for (const student of lesson.students) await waitFor(() => student.received.at(-1)?.frame.kind === 'end', 30_000, 'the end frame');
  await Promise.all(lesson.students.map((s) => s.subscription.stop()));
  await lesson.broadcaster.stop();
  return sent;
}

/** Every picture 0..sent-1 reached the student (duplicates after a consumer restart are fine). */
function expectNoFrameLost(received: ReceivedFrame[], sent: number): void {
  const pictures = new Set(received.filter((r) => r.frame.kind === 'key').map((r) => r.frame.sequence));
  const missing = Array.from({ length: sent }, (_, i) => i).filter((i) => !pictures.has(i));
  expect(missing).toEqual([]);
}

async function leaderOf(classId: string): Promise<number> {
  const admin = await createClassAdmin({ brokers: cluster.bootstrapServers });
  try {
    return (await admin.describe(classId)).partitions[0]!.leader;
  } finally {
    await admin.close();
  }
}

test('killing the partition leader mid-broadcast loses no frame at any student', async () => {
  const classId = uniqueClassId('failover');
  const lesson = await startLesson(classId);
  await waitFor(() => lesson.students.every((s) => s.received.length >= 20), 20_000, 'frames before the failure');

  const leaderId = await leaderOf(classId);
  const victim = cluster.nodes.find((node) => node.nodeId === leaderId)!;
  const killedAt = Date.now();
  await victim.kill();
  const before = lesson.students.map((s) => s.received.length);
  await waitFor(() => lesson.students.every((s, i) => s.received.length >= before[i]! + 20), 60_000, 'frames after the failover');
  const recoveryMs = Math.max(...lesson.students.map((s) => (s.arrivals.find((t) => t > killedAt + 50) ?? Infinity) - killedAt));
  const longestGapMs = Math.max(...lesson.students.map((s) => Math.max(...s.arrivals.slice(1).map((t, i) => t - s.arrivals[i]!))));
  console.log(`leader ${leaderId} killed: frames flowed again after ${recoveryMs} ms (longest gap at a student ${longestGapMs} ms)`);

  const sent = await endLesson(lesson);
  for (const student of lesson.students) expectNoFrameLost(student.received, sent);
  await victim.start();
}, 180_000);

test('with two brokers down the teacher is told the broadcast is paused, and it resumes by itself', async () => {
  const classId = uniqueClassId('quorum');
  const lesson = await startLesson(classId);
  await waitFor(() => lesson.students.every((s) => s.received.length >= 10), 20_000, 'frames first');
  const leaderId = await leaderOf(classId);
  // The leader alone is below min.insync.replicas (and the controller quorum is lost too).
  const others = cluster.nodes.filter((node) => node.nodeId !== leaderId);
  await Promise.all(others.map((node) => node.kill()));
  await waitFor(() => lesson.stalls.length > 0, 60_000, 'the teacher to be told');
  expect(lesson.session.stalledBy).toBeDefined();
  console.log(`two brokers down: teacher told "${lesson.session.stalledBy?.message}"`);

  await others[0]!.start();
  const before = lesson.students.map((s) => s.received.length);
  await waitFor(
    () => lesson.stalls.at(-1) === undefined && lesson.students.every((s, i) => s.received.length >= before[i]! + 10),
    90_000,
    'the broadcast to resume',
  );
  expect(lesson.session.stalledBy).toBeUndefined();
  const sent = await endLesson(lesson);
  for (const student of lesson.students) expectNoFrameLost(student.received, sent);
  await others[1]!.start();
}, 240_000);
