/**
 * The StudentStream state machine alone, on fakes of its two sources (the live Subscription and
 * the ReplaySession): which source plays in each state, and what the viewer is told.
 * The same machine runs against the real broker in student-stream.broker.test.ts and student-feed.test.ts.
 */
import { afterEach, expect, test, vi } from 'vitest';
import { ClasscastError, type GatewayTimeline, type ViewerStatus } from '@classcast/protocol';
import { validDeltaFrame, validKeyFrame } from '@classcast/protocol/testing';
import type { ReceivedFrame } from '@classcast/kafka';
import { createStudentStream, type StudentStream, type StudentStreamOptions } from './student-stream.js';
import { fakeLive, fakeReplay } from './test-helpers.js';

const base = 1_000_000;
/** Frame i of a lesson at 10 fps with a keyframe every 10 frames. */
function received(i: number): ReceivedFrame {
  const key = Math.floor(i / 10) * 10;
  const timing = { sequence: i, captureTime: base + i * 100, keySequence: key, keyCaptureTime: base + key * 100 };
  return {
    frame: i === key ? validKeyFrame(timing) : validDeltaFrame(timing),
    partition: 0,
    offset: String(i),
    latencyMs: 0,
    catchingUp: false,
    heartbeat: async () => undefined,
  };
}
const lesson = Array.from({ length: 30 }, (_, i) => received(i));

const streams: StudentStream[] = [];
afterEach(async () => {
  await Promise.all(streams.splice(0).map((stream) => stream.close()));
});

function harness(extra: Partial<StudentStreamOptions> & { startFails?: (attempt: number) => unknown } = {}) {
  const live = fakeLive(extra.startFails);
  const replay = fakeReplay(lesson);
  const seen = {
    delivered: [] as number[],
    told: [] as GatewayTimeline[],
    statuses: [] as ViewerStatus[],
    failures: [] as ClasscastError[],
    discarded: 0,
    logged: [] as string[],
  };
  const stream = createStudentStream({
    classId: 'physics',
    subscribe: live.subscribe,
    replay: replay.session,
    describeError: (error) => (error instanceof ClasscastError ? error : new ClasscastError('CC_KAFKA_ERROR', String(error), { retriable: true })),
    deliver: (r) => void seen.delivered.push(r.frame.sequence),
    onStatus: (status) => void seen.statuses.push(status),
    onSkipped: () => undefined,
    tell: (timeline) => void seen.told.push(timeline),
    onFailed: (failure) => void seen.failures.push(failure),
    discardPending: () => void (seen.discarded += 1),
    isBackedUp: () => false,
    log: (line) => void seen.logged.push(line),
    ...extra,
  });
  streams.push(stream);
  return { stream, live, replay, seen };
}

/** A stream that reads live and has shown frame 29 (so the lesson's start and end are known). */
async function watching() {
  const parts = harness();
  await parts.stream.started;
  parts.live.frame(lesson[29]!);
  await vi.waitFor(() => expect(parts.seen.told.at(-1)).toMatchObject({ mode: 'live', start: base, end: base + 2900 }));
  return parts;
}

test('live frames reach the viewer; a seek pauses the live subscription and replays from there', async () => {
  const { stream, live, replay, seen } = await watching();
  expect(seen.delivered).toEqual([29]);
  stream.control({ type: 'seek', time: base + 1250 });
  await stream.settled();
  expect(stream.state).toBe('replay');
  expect(live.calls.paused).toBe(1);
  expect(replay.plays).toEqual([{ from: { time: base + 1250 }, speed: 1 }]);
  expect(seen.delivered.slice(1, 3)).toEqual([13, 14]);
  expect(seen.discarded).toBe(1);
  expect(seen.told.at(-1)).toMatchObject({ mode: 'replay', position: base + 2900, at: { offset: '29' } });
  // A frame the paused subscription had already fetched is not shown.
  live.frame(lesson[29]!);
  expect(seen.delivered.filter((sequence) => sequence === 29)).toHaveLength(2);
});

test('a seek made before the first live timeline is told (the lesson start still being looked for) is played, and the first timeline tells the replay', async () => {
  const parts = harness();
  // A desktop student's own replay session warms up on the first live frame; until it knows where the lesson begins no timeline is told.
  let warmed: (() => void) | undefined;
  parts.replay.session.warm = () => new Promise<void>((resolve) => (warmed = resolve));
  await parts.stream.started;
  parts.live.frame(lesson[29]!);
  await vi.waitFor(() => expect(warmed).toBeDefined());
  expect(parts.seen.told).toEqual([]);
  parts.stream.control({ type: 'seek', time: base + 1250 });
  await parts.stream.settled();
  expect(parts.seen.told).toEqual([]);
  warmed!();
  await vi.waitFor(() => expect(parts.seen.told).toHaveLength(1));
  expect(parts.stream.state).toBe('replay');
  expect(parts.live.calls.paused).toBe(1);
  expect(parts.replay.plays).toEqual([{ from: { time: base + 1250 }, speed: 1 }]);
  expect(parts.seen.delivered.slice(0, 3)).toEqual([29, 13, 14]);
  expect(parts.seen.told).toEqual([expect.objectContaining({ mode: 'replay', start: base, end: base + 2900 })]);
});

test('speed 0 pauses (nothing plays), a speed replays from where it stopped at that speed', async () => {
  const { stream, live, replay, seen } = await watching();
  stream.control({ type: 'speed', speed: 0 });
  await stream.settled();
  expect(stream.state).toBe('paused');
  expect(live.calls.paused).toBe(1);
  expect(seen.told.at(-1)).toMatchObject({ mode: 'paused', speed: 0, position: base + 2900 });
  stream.control({ type: 'speed', speed: 2 });
  await stream.settled();
  expect(stream.state).toBe('replay');
  expect(replay.plays).toEqual([{ from: { time: base + 2900 }, speed: 2 }]);
  expect(seen.told.at(-1)).toMatchObject({ mode: 'replay', speed: 2 });
});

test('a speed while live only changes the next replay; a seek then plays at it', async () => {
  const { stream, live, replay, seen } = await watching();
  stream.control({ type: 'speed', speed: 4 });
  await stream.settled();
  expect(stream.state).toBe('live');
  expect(live.calls.paused).toBe(0);
  expect(seen.told.at(-1)).toMatchObject({ mode: 'live', speed: 4 });
  stream.control({ type: 'seek', partition: 0, offset: '25' });
  await stream.settled();
  expect(replay.plays).toEqual([{ from: { partition: 0, offset: '25' }, speed: 4 }]);
});

test('back to live stops the replay and resumes the same live subscription', async () => {
  const { stream, live, seen } = await watching();
  stream.control({ type: 'seek', time: base });
  stream.control({ type: 'live' });
  await stream.settled();
  expect(stream.state).toBe('live');
  expect(live.calls).toMatchObject({ created: 1, paused: 1, resumed: 1, stopped: 0 });
  expect(seen.told.at(-1)).toMatchObject({ mode: 'live' });
  const shown = seen.delivered.length;
  live.frame(received(30));
  expect(seen.delivered.length).toBe(shown + 1);
});

test('a replay that catches up with the lesson goes live by itself; one that fails does too, and says so', async () => {
  const { stream, live, replay, seen } = await watching();
  stream.control({ type: 'seek', time: base + 2000 });
  await stream.settled();
  replay.caughtUp();
  await vi.waitFor(() => expect(stream.state).toBe('live'));
  await stream.settled();
  expect(live.calls.resumed).toBe(1);

  stream.control({ type: 'seek', time: base + 2000 });
  await stream.settled();
  replay.fail(new ClasscastError('CC_BROKER_UNREACHABLE', 'the broker went away', { retriable: true }));
  await vi.waitFor(() => expect(stream.state).toBe('live'));
  await stream.settled();
  expect(live.calls.resumed).toBe(2);
  expect(seen.logged).toEqual([expect.stringContaining('the broker went away')]);
});

test('every seek is answered: past the end or in the year 9999 with a timeline, a missing partition or no lesson with onMoveRefused', async () => {
  const refused: ClasscastError[] = [];
  const parts = harness({ onMoveRefused: (error) => void refused.push(error) });
  await parts.stream.started;
  parts.live.frame(lesson[29]!);
  await vi.waitFor(() => expect(parts.seen.told.at(-1)).toMatchObject({ mode: 'live', end: base + 2900 }));

  for (const time of [base + 99_999, Date.UTC(9999, 0, 1)]) {
    const before = parts.seen.told.length;
    parts.stream.control({ type: 'seek', time });
    await parts.stream.settled();
    // Told at once: replaying, shown at the lesson's end (the timeline never points past it)…
    expect(parts.seen.told.slice(before)).toEqual([expect.objectContaining({ mode: 'replay', position: base + 2900, end: base + 2900 })]);
    // …and, with nothing after it, back live.
    parts.replay.caughtUp();
    await vi.waitFor(() => expect(parts.seen.told.at(-1)).toMatchObject({ mode: 'live', position: base + 2900 }));
    await parts.stream.settled();
  }

  parts.stream.control({ type: 'seek', partition: 7, offset: '0' });
  await parts.stream.settled();
  parts.replay.fail(new ClasscastError('CC_BAD_PARTITION', 'class physics has no partition 7'));
  await vi.waitFor(() => expect(parts.seen.told.at(-1)).toMatchObject({ mode: 'live' }));
  expect(refused.map((e) => [e.code, e.message])).toEqual([['CC_BAD_PARTITION', 'class physics has no partition 7']]);
  expect(parts.stream.state).toBe('live');
  expect(parts.seen.failures).toEqual([]);
});

test('a seek before the lesson has any frame is refused with CC_NOTHING_TO_REPLAY, and the student stays live', async () => {
  const refused: ClasscastError[] = [];
  const { stream, replay, seen } = harness({ onMoveRefused: (error) => void refused.push(error) });
  await stream.started;
  // (a time after every frame of the fake lesson: the replay shows nothing)
  stream.control({ type: 'seek', time: Date.UTC(9999, 0, 1) });
  await stream.settled();
  replay.caughtUp();
  await vi.waitFor(() => expect(refused.map((e) => e.code)).toEqual(['CC_NOTHING_TO_REPLAY']));
  await vi.waitFor(() => expect(stream.state).toBe('live'));
  expect(seen.told).toEqual([]);
  expect(seen.failures).toEqual([]);
});

test('close during a move: nothing more is shown, the replay and the live subscription stop, the session closes', async () => {
  const { stream, live, replay, seen } = await watching();
  stream.control({ type: 'seek', time: base + 2000 });
  stream.control({ type: 'speed', speed: 2 });
  const closing = stream.close();
  stream.control({ type: 'live' });
  await closing;
  await stream.settled();
  expect(stream.state).toBe('closed');
  expect(live.calls.stopped).toBe(1);
  expect(replay.isClosed()).toBe(true);
  const shown = seen.delivered.length;
  live.frame(received(31));
  expect(seen.delivered.length).toBe(shown);
  expect(live.calls.resumed).toBe(0);
  expect(seen.logged).toEqual([]);
});

test('a class that has not started is retried (unknown class), then read live once it starts', async () => {
  const missing = () => new ClasscastError('CC_CLASS_NOT_FOUND', 'class topic classcast.physics.frames does not exist yet', { retriable: true });
  const { stream, live, seen } = harness({ startFails: (attempt) => (attempt < 3 ? missing() : undefined) });
  await stream.started;
  expect(live.calls).toMatchObject({ created: 3, started: 1, stopped: 2 });
  expect(seen.statuses).toContain('unknown-class');
  expect(seen.failures).toEqual([]);
});

test('a class that does not start within classWaitMs fails once; a failure retrying cannot mend fails at once', async () => {
  const missing = new ClasscastError('CC_CLASS_NOT_FOUND', 'class topic classcast.physics.frames does not exist yet', { retriable: true });
  const waited = harness({ classWaitMs: 300, startFails: () => missing });
  await waited.stream.started;
  expect(waited.seen.failures).toEqual([missing]);
  expect(waited.live.calls.created).toBeGreaterThan(1);

  const refused = new ClasscastError('CC_AUTH_FAILED', 'the broker refused these credentials');
  const denied = harness({ startFails: () => refused });
  await denied.stream.started;
  expect(denied.seen.failures).toEqual([refused]);
  expect(denied.live.calls.created).toBe(1);
});

test("in replay the lesson's end keeps growing while the class topic grows, and stops when it does", async () => {
  const { stream, live, replay, seen } = harness({ reportEveryMs: 20 });
  await stream.started;
  live.frame(lesson[29]!);
  let written = 100n;
  let growing = true;
  replay.session.writtenCount = async () => (growing ? (written += 1n) : written);
  stream.control({ type: 'seek', time: base + 500 });
  await stream.settled();
  await new Promise((resolve) => setTimeout(resolve, 150));
  // The teacher goes on (a frame or heartbeat a second): the end is now, on the teacher's clock.
  await vi.waitFor(() => expect(seen.told.at(-1)).toMatchObject({ mode: 'replay', end: expect.toSatisfy((end: number) => end >= base + 3000) }));
  growing = false;
  await new Promise((resolve) => setTimeout(resolve, 100));
  const settledEnd = seen.told.at(-1)!.end;
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(seen.told.at(-1)!.end).toBe(settledEnd);
});
