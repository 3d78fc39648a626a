/**
 * The student stream's timeline against the real broker (a real ReplaySession), with the live
 * Subscription faked and the transport's side recorded: seeking pauses live and replays from the
 * keyframe before the time; a pause holds; a faster replay that reaches the newest frame hands
 * back to live by itself, resuming the same live Subscription.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import type { GatewayTimeline } from '@classcast/protocol';
import { validDeltaFrame, validKeyFrame } from '@classcast/protocol/testing';
import { createBroadcaster, createReplaySession, describeKafkaError, type ReceivedFrame } from '@classcast/kafka';
import { uniqueClassId } from '@classcast/kafka/testing';
import { createStudentStream, type StudentStream } from './student-stream.js';
import { fakeLive } from './test-helpers.js';

const connection = { brokers: inject('kafkaBrokers') };
const classId = uniqueClassId('timeline');
/** A 3-second lesson that began a minute ago: 10 fps, keyframes at 0, 10 and 20, deltas between. */
const base = Date.now() - 60_000;
const lessonFrame = (i: number) => {
  const key = Math.floor(i / 10) * 10;
  const timing = { sequence: i, captureTime: base + i * 100, keySequence: key, keyCaptureTime: base + key * 100 };
  return i === key ? validKeyFrame(timing) : validDeltaFrame(timing);
};
const received = (i: number): ReceivedFrame => ({
  frame: lessonFrame(i),
  partition: 0,
  offset: String(i),
  latencyMs: 0,
  catchingUp: false,
  heartbeat: async () => undefined,
});

const live = fakeLive();
const delivered: string[] = [];
const told: GatewayTimeline[] = [];
let timeline: StudentStream;

beforeAll(async () => {
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  for (let i = 0; i < 30; i += 1) await teacher.send(lessonFrame(i));
  await teacher.stop();
  timeline = createStudentStream({
    classId,
    subscribe: live.subscribe,
    replay: createReplaySession({ connection, classId }),
    describeError: (error) => describeKafkaError(error, connection.brokers),
    deliver: (r) => void delivered.push(`${r.frame.sequence}${r.catchingUp ? '~' : ''}`),
    onStatus: () => undefined,
    onSkipped: () => undefined,
    onFailed: () => undefined,
    discardPending: () => undefined,
    tell: (t) => void told.push(t),
    isBackedUp: () => false,
    log: () => undefined,
  });
  await timeline.started;
});
afterAll(() => timeline?.close());

test('a live frame warms the replay session and draws the lesson so far', async () => {
  live.frame(received(29));
  delivered.length = 0;
  await vi.waitFor(
    () =>
      expect(told.at(-1)).toEqual({
        type: 'timeline',
        start: base,
        end: base + 2900,
        position: base + 2900,
        mode: 'live',
        speed: 1,
        at: { partition: 0, offset: '29' },
      }),
    { timeout: 20_000, interval: 20 },
  );
});

test('seek, pause, then 4x to the live edge, which hands back to live', async () => {
  timeline.control({ type: 'seek', time: base + 1250 });
  await vi.waitFor(() => expect(delivered.slice(0, 4)).toEqual(['10~', '11~', '12~', '13']), { timeout: 10_000, interval: 20 });
  expect(live.calls.paused).toBe(1);
  expect(told.at(-1)).toMatchObject({ mode: 'replay', position: base + 1250 });

  timeline.control({ type: 'speed', speed: 0 });
  await timeline.settled();
  const pausedAt = delivered.length;
  expect(told.at(-1)).toMatchObject({ mode: 'paused', speed: 0 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(delivered.length).toBe(pausedAt);

  // At 4x the rest of the lesson takes well under a second; then the timeline goes live again.
  timeline.control({ type: 'speed', speed: 4 });
  await vi.waitFor(() => expect(live.calls.resumed).toBe(1), { timeout: 10_000, interval: 20 });
  expect(delivered.at(-1)).toBe('29');
  expect(timeline.mode).toBe('live');
  expect(told.at(-1)).toMatchObject({ mode: 'live', speed: 4 });
  expect(live.calls.created).toBe(1); // the same live Subscription, resumed
});

test('a seek to a Kafka offset replays from that frame (after its keyframe and deltas) and reports where it is', async () => {
  delivered.length = 0;
  timeline.control({ type: 'speed', speed: 1 });
  timeline.control({ type: 'seek', partition: 0, offset: '4' });
  await vi.waitFor(() => expect(delivered.slice(0, 5)).toEqual(['0~', '1~', '2~', '3~', '4']), { timeout: 10_000, interval: 20 });
  // While it plays (2.5 s at 1x), the timeline reports the offset on screen and its capture time.
  const playing = await vi.waitFor(
    () => {
      const report = [...told].reverse().find((t) => t.mode === 'replay' && t.at !== undefined && Number(t.at.offset) >= 4 && Number(t.at.offset) < 29);
      expect(report).toBeDefined();
      return report!;
    },
    { timeout: 10_000, interval: 20 },
  );
  expect(playing.position).toBe(base + Number(playing.at!.offset) * 100);
  timeline.control({ type: 'live' });
  await timeline.settled();
  expect(timeline.mode).toBe('live');
});
