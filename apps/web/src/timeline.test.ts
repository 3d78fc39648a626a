/**
 * The lesson timeline through the gateway, against the real broker: a browser-like ws client
 * seeks back into a lesson of keyframes and deltas, pauses, and goes back to live.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import { createBroadcaster, type Broadcaster } from '@classcast/kafka';
import type { GatewayTimeline } from '@classcast/protocol';
import { pause } from '@classcast/protocol';
import { createGateway, type Gateway } from './gateway.js';
import { joinGateway, lessonFrame, uniqueClassId, type RecordingClient } from './test-helpers.js';

const connection = { brokers: inject('kafkaBrokers') };
const classId = uniqueClassId('web-timeline');
/** A 3-second lesson that began a minute ago: 10 fps, keyframes at 0, 10 and 20, deltas between. */
const base = Date.now() - 60_000;
let gateway: Gateway;
let teacher: Broadcaster;

beforeAll(async () => {
  gateway = await createGateway({ connection, port: 0, host: '127.0.0.1' });
  teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  for (let i = 0; i < 30; i += 1) await teacher.send(lessonFrame(base, i));
});
afterAll(async () => {
  await teacher?.stop();
  await gateway?.close();
});

const timelines = (client: RecordingClient) => client.messages.filter((m): m is GatewayTimeline => m.type === 'timeline');
const shown = (client: RecordingClient, from: number) => client.frames.slice(from).map((f) => `${f.sequence}${f.catchingUp ? '~' : ''}`);

test('seeking lands on the keyframe and deltas before the time, pausing stops, and live returns to the newest frame', async () => {
  const ada = await joinGateway(gateway.url, classId, 'ada');
  try {
    await vi.waitFor(() => expect(timelines(ada).at(-1)).toMatchObject({ start: base, end: base + 2900, position: base + 2900, mode: 'live', speed: 1 }), {
      timeout: 20_000,
      interval: 50,
    });
    expect(shown(ada, 0).at(-1)).toBe('29');

    // Frame 13 is the first captured at or after the time; 10 (its keyframe), 11 and 12 rebuild the picture.
    const seekAt = ada.frames.length;
    ada.socket.send(JSON.stringify({ type: 'seek', time: base + 1250 }));
    await vi.waitFor(() => expect(shown(ada, seekAt).slice(0, 6)).toEqual(['10~', '11~', '12~', '13', '14', '15']), { timeout: 15_000, interval: 20 });
    expect(timelines(ada).some((t) => t.mode === 'replay' && t.position === base + 1250)).toBe(true);

    ada.socket.send(JSON.stringify({ type: 'speed', speed: 0 }));
    await vi.waitFor(() => expect(timelines(ada).at(-1)).toMatchObject({ mode: 'paused', speed: 0 }), { timeout: 10_000, interval: 20 });
    const pausedAt = ada.frames.length;
    const paused = timelines(ada).at(-1)!;
    expect(paused.position).toBe(ada.frames.at(-1)!.captureTime);
    await pause(500);
    expect(ada.frames.length).toBe(pausedAt);

    const liveAt = ada.frames.length;
    ada.socket.send(JSON.stringify({ type: 'live' }));
    // Live again: the newest keyframe's chain at once, ending on the newest frame…
    await vi.waitFor(() => expect(shown(ada, liveAt)).toEqual(['20~', '21~', '22~', '23~', '24~', '25~', '26~', '27~', '28~', '29']), {
      timeout: 20_000,
      interval: 50,
    });
    expect(timelines(ada).at(-1)).toMatchObject({ mode: 'live', position: base + 2900 });
    // …and what the teacher sends next.
    await teacher.send(lessonFrame(base, 30));
    await vi.waitFor(() => expect(shown(ada, liveAt).at(-1)).toBe('30'), { timeout: 10_000, interval: 50 });
    expect(gateway.sessions().find((s) => s.classId === classId)).toMatchObject({ mode: 'live', state: 'streaming' });
  } finally {
    ada.socket.terminate();
  }
});

test('a control message before the join is streaming is refused; once streaming, a bad or impossible one is answered and the student stays', async () => {
  const early = await joinGateway(gateway.url, classId, 'bob');
  // Sent right behind the join, it arrives while the gateway is still claiming the name.
  early.socket.send(JSON.stringify({ type: 'seek', time: base }));
  expect(await early.closed).toBe(1008);
  expect(early.messages.at(-1)).toMatchObject({ type: 'error', code: 'CC_GATEWAY_BAD_REQUEST' });

  const cy = await joinGateway(gateway.url, classId, 'cy');
  try {
    await vi.waitFor(() => expect(timelines(cy)).not.toHaveLength(0), { timeout: 20_000, interval: 50 });
    const errors = () => cy.messages.filter((m) => m.type === 'error');
    cy.socket.send(JSON.stringify({ type: 'speed', speed: 3 }));
    cy.socket.send('{"type":"seek","time":"yesterday"}');
    cy.socket.send(Buffer.from([1, 2, 3]));
    await vi.waitFor(() => expect(errors()).toHaveLength(3), { timeout: 10_000, interval: 50 });
    expect(errors()).toEqual([
      { type: 'error', code: 'CC_GATEWAY_BAD_REQUEST', message: expect.stringMatching(/"speed":0\|1\|2\|4/), fatal: false },
      { type: 'error', code: 'CC_GATEWAY_BAD_REQUEST', message: expect.stringMatching(/"type":"seek","time":ms/), fatal: false },
      { type: 'error', code: 'CC_GATEWAY_BAD_REQUEST', message: expect.stringMatching(/as text/), fatal: false },
    ]);

    // Past the lesson's end, in the year 9999, past a partition's end: a timeline says where the student is (back live).
    const end = timelines(cy).at(-1)!.end;
    for (const seek of [{ time: end + 60_000 }, { time: Date.UTC(9999, 0, 1) }, { partition: 0, offset: '999999999' }]) {
      const from = cy.messages.length;
      cy.socket.send(JSON.stringify({ type: 'seek', ...seek }));
      await vi.waitFor(
        () => {
          const answered = cy.messages.slice(from).filter((m): m is GatewayTimeline => m.type === 'timeline');
          expect(
            answered.map((t) => t.mode),
            JSON.stringify(seek),
          ).toEqual(['replay', 'live']);
          expect(answered.at(-1)).toMatchObject({ position: end, end });
        },
        { timeout: 10_000, interval: 50 },
      );
    }
    // A partition the class does not have: the broker's answer, and still live.
    cy.socket.send(JSON.stringify({ type: 'seek', partition: 7, offset: '0' }));
    await vi.waitFor(() => expect(errors()).toHaveLength(4), { timeout: 10_000, interval: 50 });
    expect(errors().at(-1)).toEqual({ type: 'error', code: 'CC_BAD_PARTITION', message: expect.stringMatching(/has no partition 7/), fatal: false });
    await vi.waitFor(() => expect(timelines(cy).at(-1)).toMatchObject({ mode: 'live' }), { timeout: 10_000, interval: 50 });

    // Still connected and streaming: the next frame arrives.
    expect(cy.socket.readyState).toBe(cy.socket.OPEN);
    expect(gateway.sessions().find((s) => s.student === 'cy')).toMatchObject({ state: 'streaming', mode: 'live' });
    const before = cy.frames.length;
    await teacher.send(lessonFrame(base, 31));
    await vi.waitFor(() => expect(shown(cy, before).at(-1)).toBe('31'), { timeout: 10_000, interval: 50 });
  } finally {
    cy.socket.terminate();
  }
});
