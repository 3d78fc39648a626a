/** The student feed that both student transports run, against the real test broker. */
import { afterEach, expect, inject, test } from 'vitest';
import type { ClasscastError, ViewerStatus } from '@classcast/protocol';
import { announce, createBroadcaster, type Broadcaster, type ReceivedFrame } from '@classcast/kafka';
import { testKeyFrame, uniqueClassId } from '@classcast/kafka/testing';
import { waitFor } from '../../../test-support/wait-for.js';
import { createStudentFeed, type StudentFeed, type StudentFeedOptions } from './student-feed.js';

const connection = { brokers: inject('kafkaBrokers') };
const running: Array<StudentFeed | Broadcaster> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => ('close' in part ? part.close() : part.stop())));
});

function feedFor(classId: string, extra: Partial<StudentFeedOptions> = {}) {
  const seen = { frames: [] as ReceivedFrame[], statuses: [] as ViewerStatus[], told: [] as string[], failures: [] as ClasscastError[] };
  const feed = createStudentFeed({
    connection,
    classId,
    student: 'ada',
    deliver: (received) => void seen.frames.push(received),
    onStatus: (status) => void seen.statuses.push(status),
    onSkipped: () => undefined,
    tell: (message) => void seen.told.push(message.type === 'announcement' ? message.text : message.type),
    onFailed: (failure) => void seen.failures.push(failure),
    discardPending: () => undefined,
    isBackedUp: () => false,
    log: () => undefined,
    ...extra,
  });
  running.push(feed);
  return { feed, seen };
}

test('a student who joins before the teacher waits, then goes live by itself and hears announcements', async () => {
  const classId = uniqueClassId('feed');
  const { feed, seen } = feedFor(classId);
  // No admin made the class: Kafka has no topic for it, which is all a student can be told.
  await waitFor(() => seen.statuses.includes('unknown-class'), 15_000, "'unknown-class' for a class that has not started");

  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  running.push(teacher);
  await teacher.send(testKeyFrame(0));
  await announce({ connection, classId, text: 'Books open at page 12' });
  await waitFor(() => seen.frames.length === 1, 30_000, 'the first picture');
  await feed.started;
  await waitFor(() => seen.told.includes('Books open at page 12'), 20_000, 'the announcement');
  expect(seen.statuses.at(-1)).toBe('live');
  expect(seen.frames[0]?.frame.sequence).toBe(0);
  expect(seen.failures).toEqual([]);
});

test('a class that does not start within classWaitMs fails once, with the class named', async () => {
  const classId = uniqueClassId('feed-none');
  const { feed, seen } = feedFor(classId, { classWaitMs: 1500 });
  await feed.started;
  expect(seen.failures).toHaveLength(1);
  expect(seen.failures[0]).toMatchObject({ code: 'CC_CLASS_NOT_FOUND', message: expect.stringContaining(classId) });
  expect(seen.statuses).toContain('unknown-class');
});

test('a bad student name throws before anything connects', () => {
  expect(() => feedFor('physics', { student: 'ada lovelace' })).toThrow(expect.objectContaining({ code: 'CC_INVALID_NAME' }));
});
