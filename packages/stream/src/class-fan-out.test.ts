/**
 * The gateway's ClassFanOut on the real broker: one reader for the seats of a class, the SAME
 * frame object (so the same encoded buffer, encodedFrameOf) handed to every attached student, a
 * paused student skipped and given the current picture when it comes back, and the reader gone
 * once the last seat left and the linger passed.
 */
import { afterEach, expect, inject, test } from 'vitest';
import { createBroadcaster, type Broadcaster, type ReceivedFrame } from '@classcast/kafka';
import { testKeyFrame, uniqueClassId } from '@classcast/kafka/testing';
import { waitFor } from '../../../test-support/wait-for.js';
import { createClassFanOut, type ClassFanOut } from './class-fan-out.js';
import { encodedFrameOf } from './feed-outbox.js';
import type { LiveHandlers } from './student-stream.js';

const connection = { brokers: inject('kafkaBrokers') };
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function student() {
  const frames: ReceivedFrame[] = [];
  const handlers: LiveHandlers = { waitForTopicMs: 5000, onFrame: (frame) => void frames.push(frame), onStatus: () => undefined, onSkipped: () => undefined };
  return { frames, handlers };
}

test('the students of a class share one reader and each frame object; a paused one gets the current picture on return', async () => {
  const classId = uniqueClassId('fan-out-unit');
  const teacher: Broadcaster = createBroadcaster({ connection, classId });
  await teacher.start();
  cleanup.push(() => teacher.stop());
  await teacher.send(testKeyFrame(teacher.nextSequence));

  const fanOut: ClassFanOut = createClassFanOut({ connection, lingerMs: 200, log: () => undefined });
  cleanup.push(() => fanOut.close());
  const [ada, bob] = [student(), student()];
  const adaSeat = fanOut.join(classId, connection);
  const bobSeat = fanOut.join(classId, connection);
  const adaLive = adaSeat.live(ada.handlers);
  const bobLive = bobSeat.live(bob.handlers);
  await Promise.all([adaLive.start(), bobLive.start()]);
  expect(fanOut.stats()).toEqual({ classes: 1, readers: 1, seats: 2 });

  await teacher.send(testKeyFrame(teacher.nextSequence));
  await waitFor(() => ada.frames.length >= 2 && bob.frames.length >= 2, 10_000, 'both frames at both students');
  // One object for both, so one encoding, one buffer on every socket.
  expect(ada.frames[1]).toBe(bob.frames[1]);
  expect(encodedFrameOf(ada.frames[1]!).bytes).toBe(encodedFrameOf(bob.frames[1]!).bytes);

  // Paused: nothing arrives; back to live: the current picture at once, without Kafka.
  bobLive.pause();
  await teacher.send(testKeyFrame(teacher.nextSequence));
  await waitFor(() => ada.frames.length >= 3, 10_000, 'the third frame at ada');
  expect(bob.frames).toHaveLength(2);
  await bobLive.resumeAtLive();
  expect(bob.frames).toHaveLength(3);
  expect(bob.frames[2]).toBe(ada.frames[2]);
  expect(bob.frames[2]!.catchingUp).toBe(false);

  adaSeat.leave();
  bobSeat.leave();
  await waitFor(() => fanOut.stats().classes === 0, 5000, 'the class reader to stop after the linger');
});
