/**
 * A client that stops reading (its socket paused) while the teacher keeps sending large
 * keyframes through the real broker: the gateway's buffer for it stays bounded, frames are
 * dropped and counted, and when the client reads again it skips ahead to the newest keyframe.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import { createBroadcaster, type Broadcaster } from '@classcast/kafka';
import { sendTestKeyFrame } from '@classcast/kafka/testing';
import { createGateway, type Gateway } from './gateway.js';
import { joinGateway, uniqueClassId } from './test-helpers.js';

const connection = { brokers: inject('kafkaBrokers') };
const LIMIT = 256 * 1024;
const FRAME_BYTES = 200 * 1024;
// Loopback sockets absorb several MB in kernel buffers before the gateway's own buffer grows.
const FRAMES = 150;

let gateway: Gateway;
let broadcaster: Broadcaster;
beforeAll(async () => {
  gateway = await createGateway({ connection, port: 0, host: '127.0.0.1', maxBufferedBytes: LIMIT });
});
afterAll(async () => {
  await broadcaster?.stop();
  await gateway?.close();
});

const sendKey = () => sendTestKeyFrame(broadcaster, FRAME_BYTES);

test('a client that does not read costs bounded memory, then skips ahead to the newest keyframe', { timeout: 180_000 }, async () => {
  const classId = uniqueClassId('web-slow');
  broadcaster = createBroadcaster({ connection, classId });
  await broadcaster.start();
  await sendKey();
  const slow = await joinGateway(gateway.url, classId, 'slow');
  await vi.waitFor(() => expect(slow.statuses().at(-1)).toBe('live'), { timeout: 20_000, interval: 50 });

  slow.socket.pause();
  for (let i = 1; i < FRAMES; i += 1) await sendKey();
  const session = () => gateway.sessions().find((info) => info.classId === classId)!;
  // Every frame has reached the gateway: sent to the socket, dropped, or waiting.
  await vi.waitFor(
    () => {
      const { sent, dropped, pendingFrames } = session().outbox;
      expect(sent + dropped + pendingFrames).toBe(FRAMES);
    },
    { timeout: 60_000, interval: 100 },
  );

  const stalled = session();
  const frameOnWire = FRAME_BYTES + 1024;
  expect(stalled.outbox.dropped).toBeGreaterThan(FRAMES / 2);
  expect(stalled.outbox.peakBufferedBytes).toBeLessThan(LIMIT + frameOnWire);
  expect(stalled.bufferedBytes).toBeLessThan(LIMIT + frameOnWire);
  expect(stalled.outbox.pendingFrames).toBe(1);
  expect(stalled.outbox.pendingBytes).toBeLessThan(frameOnWire);
  expect(stalled.status).toBe('behind');

  slow.socket.resume();
  await vi.waitFor(() => expect(slow.frames.at(-1)?.sequence).toBe(FRAMES - 1), { timeout: 60_000, interval: 100 });
  const sequences = slow.frames.map((frame) => frame.sequence);
  expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  expect(sequences.length).toBe(FRAMES - stalled.outbox.dropped);
  await vi.waitFor(() => expect(slow.statuses().slice(-2)).toEqual(['behind', 'live']), { timeout: 10_000, interval: 50 });
  expect(session().outbox).toMatchObject({ pendingFrames: 0, behind: false });
  slow.socket.terminate();
});
