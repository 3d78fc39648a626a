/**
 * Back to live on the real broker reuses the warm live consumer: a seek pauses the student's
 * Subscription, going live seeks it to the newest keyframe and resumes it. No new group join
 * (the Subscription counts its joins; the group's member id stays the same), and the student
 * sees the teacher's newest picture again.
 */
import { afterEach, expect, inject, test, vi } from 'vitest';
import { studentGroupId } from '@classcast/protocol';
import { validDeltaFrame, validKeyFrame } from '@classcast/protocol/testing';
import {
  createBroadcaster,
  createKafkaClient,
  createReplaySession,
  createSubscription,
  describeKafkaError,
  type Broadcaster,
  type Subscription,
} from '@classcast/kafka';
import { testKeyFrame, uniqueClassId } from '@classcast/kafka/testing';
import { createStudentStream, type StudentStream } from './student-stream.js';
import { framesOnlyViewer } from './test-helpers.js';

const connection = { brokers: inject('kafkaBrokers') };
const running: Array<Broadcaster | StudentStream> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => ('close' in part ? part.close() : part.stop())));
});

async function memberIds(groupId: string): Promise<string[]> {
  const admin = createKafkaClient({ clientId: 'warm-live-test', ...connection }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return groups.flatMap((group) => group.members.map((member) => member.memberId));
  } finally {
    await admin.disconnect();
  }
}

test('seek then back to live: the same consumer, no group join, the newest picture', async () => {
  const classId = uniqueClassId('warm-live');
  const groupId = studentGroupId(classId, 'ada');
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  running.push(teacher);
  for (let sequence = 0; sequence < 5; sequence += 1) await teacher.send(testKeyFrame(sequence));

  const subscriptions: Subscription[] = [];
  const shown: string[] = [];
  const stream = createStudentStream({
    classId,
    subscribe: (handlers) => {
      const subscription = createSubscription({ connection, classId, groupId, startAt: 'live', ...handlers });
      subscriptions.push(subscription);
      return subscription;
    },
    replay: createReplaySession({ connection, classId }),
    describeError: (error) => describeKafkaError(error, connection.brokers),
    deliver: (received) => void shown.push(`${received.frame.sequence}${received.catchingUp ? '~' : ''}`),
    ...framesOnlyViewer(),
  });
  running.push(stream);
  await stream.started;
  await vi.waitFor(() => expect(shown.at(-1)).toBe('4'), { timeout: 20_000, interval: 50 });
  const [member] = await memberIds(groupId);
  expect(member).toBeDefined();

  const beforeSeek = shown.length;
  stream.control({ type: 'seek', partition: 0, offset: '1' });
  await stream.settled();
  // The replay shows 1-4; once caught up it goes live again, which may show the newest picture (4) once more.
  await vi.waitFor(() => expect(shown.slice(beforeSeek, beforeSeek + 4)).toEqual(['1', '2', '3', '4']), { timeout: 20_000, interval: 50 });
  // While the student replays, the teacher goes on: the paused live consumer does not show it.
  await teacher.send(testKeyFrame(5));
  stream.control({ type: 'speed', speed: 0 });
  await stream.settled();
  const pausedAt = shown.length;
  // A fetch already under way when the consumer paused may still bring frames: let it end (250 ms long poll).
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // A keyframe and two deltas on it: the newest picture is a delta.
  const keyTime = Date.now();
  await teacher.send(validKeyFrame({ sequence: 6, keySequence: 6, captureTime: keyTime, keyCaptureTime: keyTime }));
  for (const sequence of [7, 8]) await teacher.send(validDeltaFrame({ sequence, keySequence: 6, captureTime: keyTime + sequence, keyCaptureTime: keyTime }));
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(shown.length).toBe(pausedAt);

  stream.control({ type: 'live' });
  await stream.settled();
  expect(stream.state).toBe('live');
  await teacher.send(testKeyFrame(9));
  // Resumed at the newest picture (8), rebuilt from its keyframe (6, 7 catching up), not where the consumer paused.
  await vi.waitFor(() => expect(shown.slice(pausedAt)).toEqual(['6~', '7~', '8', '9']), { timeout: 20_000, interval: 50 });

  expect(subscriptions).toHaveLength(1);
  expect(subscriptions[0]!.stats.joins).toBe(1);
  expect(await memberIds(groupId)).toEqual([member]);
});
