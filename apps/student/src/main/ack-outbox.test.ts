import { expect, test } from 'vitest';
import { decodeGatewayFrame, type Frame } from '@classcast/protocol';
import { validDeltaFrame, validKeyFrame } from '@classcast/protocol/testing';
import type { ReceivedFrame } from '@classcast/kafka';
import type { FeedMessage } from '../shared/ipc-channels.js';
import { createAckOutbox, MAX_PENDING_DELTAS } from './ack-outbox.js';

function received(frame: Frame, catchingUp = false): ReceivedFrame {
  return { frame, partition: 0, offset: String(frame.sequence), latencyMs: 5, catchingUp, heartbeat: async () => undefined };
}
const key = (sequence: number) => received(validKeyFrame({ sequence, keySequence: sequence }));
const delta = (sequence: number, keySequence: number) => received(validDeltaFrame({ sequence, keySequence }));
const heartbeat = (sequence: number) => received(validKeyFrame({ kind: 'heartbeat', sequence, keySequence: 0, payload: new Uint8Array(0) }));

function harness(maxInFlight?: number) {
  const posted: FeedMessage[] = [];
  const bridge = createAckOutbox({ post: (message) => posted.push(message), ...(maxInFlight ? { maxInFlight } : {}) });
  const sequences = () => posted.map((message) => (message.type === 'frame' ? decodeGatewayFrame(new Uint8Array(message.bytes)).sequence : message.type));
  return { bridge, posted, sequences };
}

test('posts frames as exact-size ArrayBuffers in the gateway frame layout, with their catch-up flag', () => {
  const { bridge, posted } = harness();
  // kafkajs payloads are views into a large fetch buffer; only the frame's own bytes may cross.
  const fetchBuffer = new Uint8Array(1 << 20);
  const jpeg = validKeyFrame().payload;
  fetchBuffer.set(jpeg, 4096);
  bridge.frame(received(validKeyFrame({ payload: fetchBuffer.subarray(4096, 4096 + jpeg.length) }), true));
  const [message] = posted;
  if (message?.type !== 'frame') throw new Error('expected a frame message');
  expect(message.bytes).toBeInstanceOf(ArrayBuffer);
  expect(message.bytes.byteLength).toBeLessThan(1024);
  expect(message.catchingUp).toBe(true);
  const frame = decodeGatewayFrame(new Uint8Array(message.bytes));
  expect(frame).toMatchObject({ kind: 'key', sequence: 7, partition: 0, offset: '7' });
  expect([...frame.payload]).toEqual([...jpeg]);
});

test('keeps at most maxInFlight frames unacked; a newer keyframe replaces the pending ones', () => {
  const { bridge, sequences } = harness(2);
  for (let sequence = 1; sequence <= 5; sequence += 1) bridge.frame(key(sequence));
  expect(sequences()).toEqual([1, 2]);
  expect(bridge.stats).toMatchObject({ posted: 2, inFlight: 2, pending: 1, dropped: 2 });
  bridge.ack();
  expect(sequences()).toEqual([1, 2, 5]);
  bridge.ack();
  bridge.ack();
  expect(bridge.stats).toMatchObject({ posted: 3, inFlight: 0, pending: 0 });
});

test('deltas queue behind their keyframe in order, never coalesced', () => {
  const { bridge, sequences } = harness(1);
  bridge.frame(key(10));
  bridge.frame(delta(11, 10));
  bridge.frame(delta(12, 10));
  for (let n = 0; n < 3; n += 1) bridge.ack();
  expect(sequences()).toEqual([10, 11, 12]);
  expect(bridge.stats.dropped).toBe(0);
});

test('a refresh keyframe queues behind the deltas it repeats instead of replacing them', () => {
  const { bridge, sequences } = harness(1);
  bridge.frame(key(10));
  bridge.frame(delta(11, 10));
  bridge.frame(received(validKeyFrame({ sequence: 12, keySequence: 12, refreshOf: 11 })));
  for (let n = 0; n < 3; n += 1) bridge.ack();
  expect(sequences()).toEqual([10, 11, 12]);
  expect(bridge.stats.dropped).toBe(0);
});

test('too many pending deltas: drop them and skip deltas until the next keyframe', () => {
  const { bridge, sequences } = harness(1);
  bridge.frame(key(1));
  for (let n = 0; n <= MAX_PENDING_DELTAS; n += 1) bridge.frame(delta(2 + n, 1));
  bridge.frame(delta(5000, 1));
  expect(bridge.stats.pending).toBe(0);
  bridge.frame(key(6000));
  bridge.frame(delta(6001, 6000));
  bridge.ack();
  bridge.ack();
  expect(sequences()).toEqual([1, 6000, 6001]);
  expect(bridge.stats.dropped).toBe(MAX_PENDING_DELTAS + 2);
});

test('status messages keep their place behind pending frames and replace an older pending status', () => {
  const { bridge, sequences } = harness(1);
  bridge.frame(key(1));
  bridge.frame(key(2));
  bridge.message({ type: 'status', status: 'reconnecting' });
  bridge.message({ type: 'status', status: 'live' });
  bridge.frame(heartbeat(3));
  bridge.frame(heartbeat(4));
  expect(sequences()).toEqual([1]);
  bridge.ack();
  bridge.ack();
  expect(sequences()).toEqual([1, 2, 'status', 4]);
  expect(bridge.stats.dropped).toBe(0);
});

test('messages pass straight through while no frame is waiting', () => {
  const { bridge, posted } = harness(1);
  bridge.frame(key(1));
  bridge.message({ type: 'skipped', total: 3, reason: 'not a classcast frame' });
  expect(posted.map((message) => message.type)).toEqual(['frame', 'skipped']);
});

test('after a seek, frames of the old place still waiting are discarded; messages stay', () => {
  const { bridge, sequences } = harness(1);
  bridge.frame(key(1));
  bridge.frame(delta(2, 1));
  bridge.message({ type: 'timeline', start: 0, end: 10, position: 5, mode: 'replay', speed: 1 });
  bridge.discardFrames();
  bridge.frame(key(40));
  bridge.ack();
  bridge.ack();
  expect(sequences()).toEqual([1, 'timeline', 40]);
});

test('announcements waiting behind a frame are each kept (every notice is news), in order', () => {
  const { bridge, posted } = harness(1);
  bridge.frame(key(1));
  bridge.frame(key(2));
  bridge.message({ type: 'announcement', text: 'first', time: 1 });
  bridge.message({ type: 'announcement', text: 'second', time: 2 });
  expect(posted.filter((message) => message.type === 'announcement')).toEqual([]);
  bridge.ack();
  expect(posted.flatMap((message) => (message.type === 'announcement' ? [message.text] : []))).toEqual(['first', 'second']);
});
