import { afterEach, expect, inject, test } from 'vitest';
import { replayGroupPrefix, studentGroupId } from '@classcast/protocol';
import { createBroadcaster, type Broadcaster } from './broadcaster.js';
import { createKafkaClient } from './connection.js';
import { replay } from './replay.js';
import { createReplaySession } from './replay-session.js';
import { createSubscription, type Subscription } from './subscription.js';
import { sendTestKeyFrame, uniqueClassId } from './testing.js';
import { listStudents, pruneStudents, studentState } from './watchers.js';
import { waitFor } from '../../../test-support/wait-for.js';

const connection = { brokers: inject('kafkaBrokers') };
const running: Array<Broadcaster | Subscription> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => part.stop()));
});

async function groupsOfKafka(): Promise<string[]> {
  const admin = createKafkaClient(connection).admin();
  await admin.connect();
  try {
    return (await admin.listGroups()).groups.map((g) => g.groupId);
  } finally {
    await admin.disconnect();
  }
}

async function joinStudent(classId: string, student: string) {
  let frames = 0;
  const subscription = createSubscription({
    connection,
    classId,
    groupId: studentGroupId(classId, student),
    startAt: 'live',
    onFrame: () => void (frames += 1),
  });
  await subscription.start();
  running.push(subscription);
  return { subscription, frames: () => frames };
}

async function sendFrames(teacher: Broadcaster, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await sendTestKeyFrame(teacher);
}

test('students are watching, left or gone; prune removes the groups of those who left before the cut, and only those', async () => {
  const classId = uniqueClassId('prune');
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  running.push(teacher);
  const ada = await joinStudent(classId, 'ada');
  const bob = await joinStudent(classId, 'bob');
  await sendFrames(teacher, 3);
  await waitFor(
    () => ada.frames() >= 3 && bob.frames() >= 3,
    10_000,
    () => 'both students to see 3 frames',
  );
  await ada.subscription.stop();
  // Ada's newest frame is now 3 s older than anything Bob reads after.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await sendFrames(teacher, 3);
  await waitFor(
    () => bob.frames() >= 6,
    10_000,
    () => 'bob to see 6 frames',
  );
  await bob.subscription.stop();
  await joinStudent(classId, 'carol');

  const states = Object.fromEntries((await listStudents({ connection, classId })).map((s) => [s.student, s.state]));
  expect(states).toEqual({ ada: 'left', bob: 'left', carol: 'watching' });
  expect(await studentState({ connection, classId, student: 'dan' })).toBe('gone');

  // The default cut is the class's retention (7 days): nobody left that long ago.
  expect((await pruneStudents({ connection, classId })).removed).toEqual([]);
  const dryRun = await pruneStudents({ connection, classId, emptyForMs: 2_000, dryRun: true });
  expect(dryRun.removed).toEqual(['ada']);
  expect(await studentState({ connection, classId, student: 'ada' })).toBe('left');

  const pruned = await pruneStudents({ connection, classId, emptyForMs: 2_000 });
  expect(pruned.removed).toEqual(['ada']);
  expect(pruned.kept.sort()).toEqual(['bob', 'carol']);
  expect(await studentState({ connection, classId, student: 'ada' })).toBe('gone');
  expect(await groupsOfKafka()).not.toContain(studentGroupId(classId, 'ada'));
  expect(await groupsOfKafka()).toContain(studentGroupId(classId, 'bob'));
});

test('a replay group lives only while its student replays', async () => {
  const classId = uniqueClassId('replay-groups');
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  running.push(teacher);
  await sendFrames(teacher, 5);
  const replayGroups = async () => (await groupsOfKafka()).filter((id) => id.startsWith(replayGroupPrefix(classId)));

  // A one-off replay (`classcast replay`): its group is there while it plays, gone after.
  let seenWhilePlaying: string[] = [];
  const result = await replay({
    connection,
    classId,
    from: { partition: 0, offset: '0' },
    onFrame: async () => {
      if (seenWhilePlaying.length === 0) seenWhilePlaying = await replayGroups();
    },
  });
  expect(result.frames).toBe(5);
  expect(seenWhilePlaying).toHaveLength(1);
  expect(await replayGroups()).toEqual([]);

  // A student's timeline session, kept warm between seeks: deleted when the student leaves.
  const session = createReplaySession({ connection, classId });
  await session.warm();
  expect(await replayGroups()).toHaveLength(1);
  await session.close();
  expect(await replayGroups()).toEqual([]);
});
