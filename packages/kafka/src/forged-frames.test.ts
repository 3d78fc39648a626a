/**
 * Issue 16, item 5: a message that lies about itself never sends a student back to the start of
 * the lesson. Real frames come from a Broadcaster; forged ones from a plain kafkajs producer, as
 * any student with kcat could write them on an open classroom.
 */
import { Kafka } from 'kafkajs';
import { afterEach, expect, inject, test } from 'vitest';
import { encodeFrame, frameTopic, studentGroupId, type Frame } from '@classcast/protocol';
import { forgedKeyFrame, pngBomb, validDeltaFrame } from '@classcast/protocol/testing';
import { createBroadcaster, type Broadcaster } from './broadcaster.js';
import { createSubscription, type ReceivedFrame, type Subscription, type SubscriptionStatus } from './subscription.js';
import { testKeyFrame, uniqueClassId } from './testing.js';
import { waitFor } from '../../../test-support/wait-for.js';

const brokers = inject('kafkaBrokers');
const running: Array<Broadcaster | Subscription | { stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => part.stop()));
});

const YEAR_9999 = Date.UTC(9999, 11, 31);
const FAR_AHEAD = 2 ** 50;

async function lesson(classId: string) {
  const teacher = createBroadcaster({ connection: { brokers }, classId });
  await teacher.start();
  running.push(teacher);
  const key = testKeyFrame(teacher.nextSequence);
  await teacher.send(key);
  const delta = async () => {
    const now = Date.now();
    const { streamId: _, ...frame } = validDeltaFrame({
      sequence: teacher.nextSequence,
      keySequence: key.sequence,
      keyCaptureTime: key.captureTime,
      captureTime: now,
    });
    await teacher.send(frame);
  };
  const producer = new Kafka({ clientId: 'forger', brokers }).producer();
  await producer.connect();
  running.push({ stop: () => producer.disconnect() });
  // Kafka refuses a message timestamp over an hour ahead (message.timestamp.after.max.ms), so a
  // forger of the year 9999 stamps the message now and lies only in the frame's own header.
  const forge = (frame: Frame) => {
    const message = encodeFrame(frame);
    const timestamp = String(Math.min(frame.captureTime, Date.now()));
    return producer.send({ topic: frameTopic(classId), messages: [{ ...message, value: Buffer.from(message.value), timestamp }] });
  };
  return { teacher, key, delta, forge };
}

function student(classId: string) {
  const received: ReceivedFrame[] = [];
  const statuses: string[] = [];
  const skipped: string[] = [];
  const subscription = createSubscription({
    connection: { brokers },
    classId,
    groupId: studentGroupId(classId, 'ada'),
    startAt: 'live',
    onFrame: (r) => void received.push(r),
    onStatus: (s: SubscriptionStatus, detail) => void statuses.push(`${s}${detail ? `: ${detail}` : ''}`),
    onSkipped: ({ offset, error }) => void skipped.push(`${offset} ${error.code}`),
  });
  running.push(subscription);
  return { subscription, received, statuses, skipped, offsets: () => received.map((r) => Number(r.offset)) };
}

const summary = (received: ReceivedFrame[]) => received.map((r) => `${r.frame.kind}@${r.offset}${r.catchingUp ? '~' : ''}`);

test('forged far-ahead sequences, year 9999 and 1970 times: a watching student goes on, never back to offset 0', async () => {
  const classId = uniqueClassId('forged-seq');
  const { delta, forge, key } = await lesson(classId);
  const ada = student(classId);
  await ada.subscription.start();
  await waitFor(() => ada.received.length === 1, 10_000, 'the first keyframe');
  await delta();
  // A bomb keyframe far ahead, a delta from the year 9999 on a keyframe of 1970, a heartbeat of 1970.
  await forge(forgedKeyFrame(await pngBomb(16000, 16000), 16000, 16000, 'png', { sequence: FAR_AHEAD, keySequence: FAR_AHEAD }));
  await forge(validDeltaFrame({ sequence: FAR_AHEAD + 1, keySequence: key.sequence, keyCaptureTime: 0, captureTime: YEAR_9999 }));
  await forge({
    ...validDeltaFrame(),
    kind: 'heartbeat',
    sequence: FAR_AHEAD + 2,
    keySequence: FAR_AHEAD,
    captureTime: 0,
    keyCaptureTime: 0,
    payload: new Uint8Array(0),
  });
  await delta();
  await delta();
  await waitFor(() => ada.received.length === 7, 10_000, 'every frame, forged or not, once');
  await new Promise((resolve) => setTimeout(resolve, 1500)); // time for a wrong seek back to show
  expect(summary(ada.received)).toEqual(['key@0', 'delta@1', 'key@2', 'delta@3', 'heartbeat@4', 'delta@5', 'delta@6']);
  expect(ada.statuses).toEqual(['live']);
});

test('a late joiner whose newest message claims a keyframe of 1970 is not sent to offset 0', async () => {
  const classId = uniqueClassId('forged-join');
  const { delta, forge, key } = await lesson(classId);
  for (let i = 0; i < 5; i += 1) await delta();
  await forge(validDeltaFrame({ sequence: FAR_AHEAD, keySequence: key.sequence, keyCaptureTime: 0, captureTime: Date.now() }));
  const ada = student(classId);
  await ada.subscription.start();
  await waitFor(() => ada.received.length >= 1, 10_000, 'the newest message');
  await delta();
  await waitFor(() => ada.received.length >= 2, 10_000, 'the next real frame');
  // The claim was checked against the time index and dropped: no catch-up from offset 0.
  expect(summary(ada.received)).toEqual(['delta@6', 'delta@7']);
  expect(ada.statuses).toEqual(['live']);
});

test('a true claim still catches up: the newest message is a real delta, its keyframe is found by time', async () => {
  const classId = uniqueClassId('true-join');
  const { delta } = await lesson(classId);
  await delta();
  await delta();
  const ada = student(classId);
  await ada.subscription.start();
  await waitFor(() => ada.received.length === 3, 10_000, 'keyframe and deltas');
  expect(summary(ada.received)).toEqual(['key@0~', 'delta@1~', 'delta@2']);
});
