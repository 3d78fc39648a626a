import { afterEach, expect, inject, test } from 'vitest';
import { frameTopic, studentGroupId } from '@classcast/protocol';
import { createPictureCompositor, psnr, type RawFrame } from '@classcast/codec';
import { createBroadcaster, type Broadcaster, createClassAdmin, createSubscription, type ReceivedFrame, type Subscription } from '@classcast/kafka';
import { createTeacherStream } from './teacher-stream.js';
import { uniqueClassId } from '@classcast/kafka/testing';
import { waitFor } from '../../../test-support/wait-for.js';

const connection = { brokers: inject('kafkaBrokers') };
const running: Array<Broadcaster | Subscription> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => part.stop()));
});

/** A 64x48 picture whose grey level changes with every frame, encoded for real by sharp. */
function greySource() {
  let n = 0;
  return {
    async next(): Promise<RawFrame> {
      n += 1;
      return { data: Buffer.alloc(64 * 48 * 4, (n * 40) % 256), width: 64, height: 48, pixelFormat: 'rgba', capturedAt: Date.now() };
    },
  };
}

/** A started broadcaster and one student who joined live, both stopped after the test. */
async function teacherAndStudent(classId: string) {
  const broadcaster = createBroadcaster({ connection, classId });
  await broadcaster.start();
  running.push(broadcaster);
  const received: ReceivedFrame[] = [];
  const student = createSubscription({ connection, classId, groupId: studentGroupId(classId, 'ada'), startAt: 'live', onFrame: (r) => void received.push(r) });
  await student.start();
  running.push(student);
  return { broadcaster, received, student };
}

test('a session sends pictures, heartbeats while paused, and an end frame when stopped', async () => {
  const { broadcaster, received, student } = await teacherAndStudent(uniqueClassId('session'));

  const session = createTeacherStream({ source: greySource(), broadcaster, fps: 20, encoder: { quality: 60 } });
  const done = session.start();
  await waitFor(() => received.length >= 3, 10_000, 'pictures');
  session.pause();
  expect(session.state).toBe('paused');
  await waitFor(() => received.some((r) => r.frame.kind === 'heartbeat'), 5000, 'a heartbeat');
  session.update({ quality: 90, fps: 30 });
  session.resume();
  const afterResume = received.length;
  await waitFor(() => received.slice(afterResume).some((r) => r.frame.kind === 'key'), 5000, 'pictures again');
  await session.stop();
  const sent = await done;
  await waitFor(() => received.at(-1)?.frame.kind === 'end', 5000, 'the end frame');

  const sequences = received.map((r) => r.frame.sequence);
  expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  expect(new Set(sequences).size).toBe(sequences.length);
  expect(received.filter((r) => r.frame.kind === 'key')).toHaveLength(sent);
  expect(received.filter((r) => r.frame.kind === 'end')).toHaveLength(1);
  expect(student.status).toBe('ended');
});

test('a session stops after maxFrames and ends the broadcast by itself', async () => {
  const classId = uniqueClassId('session-max');
  const broadcaster = createBroadcaster({ connection, classId });
  await broadcaster.start();
  running.push(broadcaster);
  const session = createTeacherStream({ source: greySource(), broadcaster, fps: 50, maxFrames: 5 });
  expect(await session.start()).toBe(5);
  expect(session.state).toBe('stopped');
  expect(broadcaster.nextSequence).toBe(6); // 5 pictures + the end frame
});

test('a stream given kafka owns its Broadcaster: open() creates the class topic, stop() ends and disconnects', async () => {
  const classId = uniqueClassId('session-own');
  const session = createTeacherStream({ kafka: { connection, classId }, source: greySource(), fps: 50, maxFrames: 3 });
  expect(session.topic).toBe(frameTopic(classId));
  await session.open();
  const admin = await createClassAdmin(connection);
  try {
    expect((await admin.describe(classId)).topic).toBe(frameTopic(classId));
  } finally {
    await admin.close();
  }
  const received: ReceivedFrame[] = [];
  const student = createSubscription({ connection, classId, groupId: studentGroupId(classId, 'ada'), startAt: 'live', onFrame: (r) => void received.push(r) });
  await student.start();
  running.push(student);
  expect(await session.start()).toBe(3);
  await session.stop();
  await session.stop(); // a second stop finds it stopped
  await waitFor(() => received.at(-1)?.frame.kind === 'end', 10_000, 'the end frame');
  expect(received.filter((r) => r.frame.kind === 'key' || r.frame.kind === 'delta').map((r) => r.frame.sequence)).toEqual([0, 1, 2]);
});

test('a teacher app restarted mid-lesson goes on with the same class and its sequence; the student stays live', async () => {
  const classId = uniqueClassId('restart');
  const received: ReceivedFrame[] = [];
  const student = createSubscription({
    connection,
    classId,
    groupId: studentGroupId(classId, 'ada'),
    startAt: 'live',
    waitForTopicMs: 20_000,
    onFrame: (r) => void received.push(r),
  });
  const studentStarted = student.start();
  running.push(student);

  const firstRun = createBroadcaster({ connection, classId });
  await firstRun.start();
  await studentStarted;
  await createTeacherStream({ source: greySource(), broadcaster: firstRun, fps: 50, maxFrames: 5 }).start();
  // The app dies: no end frame was the point of a crash, so send none (stop() of the producer only).
  await firstRun.stop();

  const secondRun = createBroadcaster({ connection, classId });
  await secondRun.start();
  running.push(secondRun);
  expect(secondRun.nextSequence).toBe(6); // 5 pictures + the end frame the first session sent
  await createTeacherStream({ source: greySource(), broadcaster: secondRun, fps: 50, maxFrames: 3 }).start();
  await waitFor(() => received.filter((r) => r.frame.kind === 'end').length === 2, 10_000, 'both runs');
  const sequences = received.map((r) => r.frame.sequence);
  expect(sequences).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(student.status).toBe('ended');
});

test('refresh keyframes follow their delta at the interval; a student who saw every frame decodes none of them', async () => {
  const { broadcaster, received } = await teacherAndStudent(uniqueClassId('session-refresh'));

  // "Typing": one small box more every frame on a 320x180 grey screen for 2 s, then the teacher
  // stops typing and the screen stands still (refreshes of it, heartbeats between them).
  const screen = Buffer.alloc(320 * 180 * 4, 200);
  let typed = 0;
  const typing = {
    async next(): Promise<RawFrame> {
      if (typed < 40) {
        const x = (typed % 20) * 16;
        const y = Math.floor(typed / 20) * 16;
        for (let row = y; row < y + 8; row += 1) screen.fill(20, (row * 320 + x) * 4, (row * 320 + x + 8) * 4);
      }
      typed += 1;
      return { data: Buffer.from(screen), width: 320, height: 180, pixelFormat: 'rgba', capturedAt: Date.now() };
    },
  };
  const errors: Error[] = [];
  const session = createTeacherStream({
    source: typing,
    broadcaster,
    fps: 20,
    encoder: { keyframeIntervalMs: 1200 },
    onError: (error) => void errors.push(error),
  });
  const done = session.start();
  const lastRefreshThenHeartbeat = () => {
    const kinds = received.map((r) => (r.frame.refreshOf !== undefined ? 'refresh' : r.frame.kind));
    return kinds.lastIndexOf('heartbeat') > kinds.lastIndexOf('refresh') && kinds.lastIndexOf('refresh') > kinds.lastIndexOf('delta');
  };
  await waitFor(lastRefreshThenHeartbeat, 15_000, 'a refresh of the still screen, then a heartbeat').catch((error: unknown) => {
    throw new Error(
      `${String(error)}: ${received.map((r) => (r.frame.refreshOf !== undefined ? 'refresh' : r.frame.kind)).join(' ')}; errors ${errors.join('; ')}`,
    );
  });
  await session.stop();
  await done;
  await waitFor(() => received.at(-1)?.frame.kind === 'end', 10_000, 'the end frame');
  expect(errors).toEqual([]);

  const pictures = received.map((r) => r.frame).filter((frame) => frame.kind === 'key' || frame.kind === 'delta');
  const refreshes = pictures.filter((frame) => frame.refreshOf !== undefined);
  expect(refreshes.length).toBeGreaterThanOrEqual(2);
  for (const refresh of refreshes) {
    expect(pictures[pictures.indexOf(refresh) - 1]!.sequence).toBe(refresh.refreshOf);
  }
  expect(pictures.filter((frame) => frame.kind === 'key')).toHaveLength(1 + refreshes.length);
  const follower = createPictureCompositor();
  for (const frame of pictures) await follower.apply(frame);
  expect(follower.refreshesKept).toBe(refreshes.length);
  expect(psnr(screen, follower.picture!.data)).toBeGreaterThan(35);
  // A student who joins at the last refresh sees the same screen.
  const lateJoiner = createPictureCompositor();
  for (const frame of pictures.slice(pictures.indexOf(refreshes.at(-1)!))) await lateJoiner.apply(frame);
  expect(psnr(screen, lateJoiner.picture!.data)).toBeGreaterThan(35);
});
