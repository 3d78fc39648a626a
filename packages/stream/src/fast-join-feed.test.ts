/**
 * Issue 18's late-join target through the student feed that the web gateway and the desktop
 * student run (picture limit, live subscription, replay warm-up, announcements), on a broker with
 * Kafka's default group.initial.rebalance.delay.ms (3 s; the embedded cluster sets 0): the current
 * picture within 1 s of joining.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { startKafka, type KafkaCluster } from '@classcast/broker';
import { createBroadcaster, type Broadcaster } from '@classcast/kafka';
import { sendTestKeyFrame, uniqueClassId } from '@classcast/kafka/testing';
import { waitFor } from '../../../test-support/wait-for.js';
import { createStudentFeed, type StudentFeed } from './student-feed.js';
import { framesOnlyViewer } from './test-helpers.js';

const DEFAULT_REBALANCE_DELAY_MS = 3000;
const FIRST_PICTURE_BUDGET_MS = 1000;

let cluster: KafkaCluster;
const running: Array<StudentFeed | Broadcaster> = [];
beforeAll(async () => {
  cluster = await startKafka({ nodes: 1, extraProperties: { 'group.initial.rebalance.delay.ms': DEFAULT_REBALANCE_DELAY_MS } });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => ('close' in part ? part.close() : part.stop())));
});
afterAll(async () => {
  await cluster?.stop();
});

test('a student joining a running lesson sees the current picture within 1 s on a cluster with default group settings', async () => {
  const connection = { brokers: cluster.bootstrapServers };
  const classId = uniqueClassId('fast-feed');
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  running.push(teacher);
  for (let i = 0; i < 3; i += 1) await sendTestKeyFrame(teacher);

  let firstPictureAt: number | undefined;
  const shown: number[] = [];
  const joinedAt = Date.now();
  const feed = createStudentFeed({
    connection,
    classId,
    student: 'ada',
    deliver: (received) => {
      if (received.catchingUp) return;
      firstPictureAt ??= Date.now();
      shown.push(received.frame.sequence);
    },
    ...framesOnlyViewer(),
  });
  running.push(feed);
  await waitFor(() => firstPictureAt !== undefined, 10_000, 'the current picture');
  const firstPictureMs = firstPictureAt! - joinedAt;
  await feed.started;
  const startedMs = Date.now() - joinedAt;
  console.log(`student feed: first picture ${firstPictureMs} ms after joining; live subscription assigned ${startedMs} ms after`);
  expect(shown).toEqual([2]);
  expect(firstPictureMs).toBeLessThanOrEqual(FIRST_PICTURE_BUDGET_MS);
  // The student's group did wait: without the group-less read the picture could not have come yet.
  expect(startedMs).toBeGreaterThanOrEqual(DEFAULT_REBALANCE_DELAY_MS - 500);

  await sendTestKeyFrame(teacher);
  await waitFor(() => shown.length === 2, 5000, 'the next live picture');
  expect(shown).toEqual([2, 3]);
});
