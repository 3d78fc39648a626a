/**
 * How a student's and a recorder's positions reach Kafka, on the real broker: a student commits
 * at most about once a second (an OffsetCommit per frame per student was the broker's largest
 * cost in a class) and exactly when it leaves; a recorder commits every frame.
 */
import { afterEach, expect, inject, test } from 'vitest';
import { frameTopic, pause, recorderGroupId, studentGroupId } from '@classcast/protocol';
import { createBroadcaster, type Broadcaster } from './broadcaster.js';
import { createKafkaClient } from './connection.js';
import { createSubscription, type Subscription } from './subscription.js';
import { testKeyFrame, uniqueClassId } from './testing.js';
import { waitFor } from '../../../test-support/wait-for.js';

const connection = { brokers: inject('kafkaBrokers') };
const running: Array<Broadcaster | Subscription> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => part.stop()));
});

/** Sends 30 frames over about 1.5 s and samples the group's committed offset every 50 ms meanwhile. */
async function committedOffsetsSeen(classId: string, groupId: string, startAt: 'live' | 'committed') {
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  running.push(teacher);
  let received = 0;
  const reader = createSubscription({ connection, classId, groupId, startAt, onFrame: () => void (received += 1) });
  await reader.start();
  const admin = createKafkaClient(connection).admin();
  await admin.connect();
  const seen = new Set<string>();
  let sending = true;
  const sampling = (async () => {
    while (sending) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [frameTopic(classId)] });
      seen.add(committed?.partitions[0]?.offset ?? '-1');
      await pause(50);
    }
  })();
  for (let n = 0; n < 30; n += 1) {
    await teacher.send(testKeyFrame(n));
    await pause(50);
  }
  await waitFor(() => received === 30, 15_000, 'all 30 frames');
  sending = false;
  await sampling;
  await reader.stop();
  const [afterLeaving] = await admin.fetchOffsets({ groupId, topics: [frameTopic(classId)] });
  await admin.disconnect();
  return { seen, afterLeaving: afterLeaving?.partitions[0]?.offset };
}

test('a student commits its position about once a second, and exactly when it leaves', async () => {
  const classId = uniqueClassId('commit-student');
  const { seen, afterLeaving } = await committedOffsetsSeen(classId, studentGroupId(classId, 'ada'), 'live');
  // About 1.5 s of frames: two or three commits (per frame, it would have been up to 30 positions).
  expect(seen.size).toBeLessThanOrEqual(5);
  expect(afterLeaving).toBe('30');
});

test('a recorder commits every frame, so a restart resumes exactly', async () => {
  const classId = uniqueClassId('commit-recorder');
  const { seen, afterLeaving } = await committedOffsetsSeen(classId, recorderGroupId(classId), 'committed');
  expect(seen.size).toBeGreaterThan(10);
  expect(afterLeaving).toBe('30');
});
