import { afterEach, expect, inject, test } from 'vitest';
import { studentGroupId } from '@classcast/protocol';
import { validDeltaFrame, validKeyFrame } from '@classcast/protocol/testing';
import { createBroadcaster, type Broadcaster } from './broadcaster.js';
import { createSubscription, type ReceivedFrame, type Subscription, type SubscriptionStatus } from './subscription.js';
import { testKeyFrame, uniqueClassId } from './testing.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { countWatchers, listStudents, resetStudent } from './watchers.js';

const connection = { brokers: inject('kafkaBrokers') };
const running: Array<Broadcaster | Subscription> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => part.stop()));
});

async function teacherWith(classId: string, steps: Array<'key' | 'heartbeat' | 'end'>): Promise<Broadcaster> {
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  running.push(teacher);
  for (const step of steps) {
    if (step === 'key') await teacher.send(testKeyFrame(teacher.nextSequence));
    else if (step === 'heartbeat') await teacher.heartbeat();
    else await teacher.end();
  }
  return teacher;
}

async function lateStudent(classId: string, name: string) {
  const received: ReceivedFrame[] = [];
  const statuses: SubscriptionStatus[] = [];
  const startedAt = Date.now();
  const student = createSubscription({
    connection,
    classId,
    groupId: studentGroupId(classId, name),
    startAt: 'live',
    onFrame: (r) => void received.push(r),
    onStatus: (s) => void statuses.push(s),
  });
  await student.start();
  running.push(student);
  return { student, received, statuses, startedAt };
}

const summary = (received: ReceivedFrame[]) => received.map((r) => `${r.frame.kind}${r.frame.sequence}${r.catchingUp ? '~' : ''}`);

test('a late joiner gets the newest keyframe at once, not the next one', async () => {
  const classId = uniqueClassId('late-key');
  await teacherWith(classId, ['key', 'key', 'key']);
  const ada = await lateStudent(classId, 'ada');
  await waitFor(() => ada.received.length === 1, 5000, 'the current screen');
  expect(Date.now() - ada.startedAt).toBeLessThan(3000);
  expect(summary(ada.received)).toEqual(['key2']);
  expect(ada.statuses).toEqual(['live']);
});

test('when the newest message is a heartbeat, the joiner seeks back to its keyframe by time and catches up', async () => {
  const classId = uniqueClassId('late-hb');
  const teacher = await teacherWith(classId, ['key', 'key', 'heartbeat', 'heartbeat', 'heartbeat']);
  const ada = await lateStudent(classId, 'ada');
  await waitFor(() => ada.received.length === 4, 5000, 'keyframe and heartbeats');
  expect(summary(ada.received)).toEqual(['key1~', 'heartbeat2~', 'heartbeat3~', 'heartbeat4']);
  // Then it follows live.
  await teacher.send(testKeyFrame(teacher.nextSequence));
  await waitFor(() => ada.received.length === 5, 5000, 'the next live frame');
  expect(summary(ada.received).at(-1)).toBe('key5');
});

test('a late joiner after a refresh starts at the refresh keyframe, not at the delta it repeats', async () => {
  const classId = uniqueClassId('late-refresh');
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  running.push(teacher);
  const t0 = Date.now() - 1000;
  const frame = (sequence: number, captureTime: number) => ({ ...validDeltaFrame(), sequence, captureTime });
  await teacher.send({ ...validKeyFrame({ width: 200, height: 100 }), sequence: 0, captureTime: t0, keySequence: 0, keyCaptureTime: t0 });
  await teacher.send({ ...frame(1, t0 + 100), keySequence: 0, keyCaptureTime: t0 });
  // The refresh repeats delta 1's picture, with delta 1's capture time.
  await teacher.send({
    ...validKeyFrame({ width: 200, height: 100 }),
    sequence: 2,
    captureTime: t0 + 100,
    keySequence: 2,
    keyCaptureTime: t0 + 100,
    refreshOf: 1,
  });
  await teacher.send({ ...frame(3, t0 + 200), keySequence: 2, keyCaptureTime: t0 + 100 });
  const ada = await lateStudent(classId, 'ada');
  await waitFor(() => ada.received.length === 2, 5000, 'the refresh and the delta after it');
  expect(summary(ada.received)).toEqual(['key2~', 'delta3']);
  expect(ada.student.stats.skipped).toBe(0);
});

test('joining after the broadcast ended shows the last picture and says so', async () => {
  const classId = uniqueClassId('late-end');
  await teacherWith(classId, ['key', 'key', 'end']);
  const ada = await lateStudent(classId, 'ada');
  await waitFor(() => ada.received.length === 2, 5000, 'last keyframe and end');
  expect(summary(ada.received)).toEqual(['key1~', 'end2']);
  expect(ada.student.status).toBe('ended');
});

test('the teacher can count the students watching', async () => {
  const classId = uniqueClassId('count');
  await teacherWith(classId, ['key']);
  const ada = await lateStudent(classId, 'ada');
  await lateStudent(classId, 'bob');
  expect(await countWatchers({ connection, classId })).toBe(2);
  await ada.student.stop();
  running.splice(running.indexOf(ada.student), 1);
  expect(await countWatchers({ connection, classId })).toBe(1);
});

test('the admin sees each student with its lag and can reset a student who left', async () => {
  const classId = uniqueClassId('lag');
  const teacher = await teacherWith(classId, ['key']);
  const ada = await lateStudent(classId, 'ada');
  await waitFor(() => ada.received.length === 1, 5000, 'the first frame');
  await ada.student.stop();
  running.splice(running.indexOf(ada.student), 1);
  for (let i = 0; i < 4; i += 1) await teacher.send(testKeyFrame(teacher.nextSequence));

  expect(await listStudents({ connection, classId })).toEqual([{ student: 'ada', groupId: studentGroupId(classId, 'ada'), members: 0, state: 'left', lag: 4 }]);
  await resetStudent({ connection, classId, student: 'ada', to: 'latest' });
  expect((await listStudents({ connection, classId }))[0]!.lag).toBe(0);
  await resetStudent({ connection, classId, student: 'ada', to: 'earliest' });
  expect((await listStudents({ connection, classId }))[0]!.lag).toBe(5);
});

test('a connected student cannot be reset under its feet', async () => {
  const classId = uniqueClassId('reset-live');
  await teacherWith(classId, ['key']);
  await lateStudent(classId, 'ada');
  await expect(resetStudent({ connection, classId, student: 'ada', to: 'earliest' })).rejects.toMatchObject({ code: 'CC_STUDENT_CONNECTED' });
});
