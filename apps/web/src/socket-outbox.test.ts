import { expect, test } from 'vitest';
import type { FrameKind, GatewayFrame } from '@classcast/protocol';
import { createSocketOutbox, type OutboxSocket } from './socket-outbox.js';
import { gatewayTestFrame } from './test-helpers.js';

/** A socket whose buffer empties only when the test flushes it, like a client that stopped reading. */
function stalledSocket() {
  const inFlight: Array<{ bytes: Uint8Array; done: () => void }> = [];
  const written: Uint8Array[] = [];
  const socket: OutboxSocket & { flush(): void } = {
    get bufferedAmount() {
      return inFlight.reduce((sum, entry) => sum + entry.bytes.length, 0);
    },
    send(bytes, done) {
      written.push(bytes);
      inFlight.push({ bytes, done: () => done() });
    },
    flush() {
      while (inFlight.length > 0) inFlight.shift()!.done();
    },
  };
  return { socket, written };
}

const LIMIT = 10_000;
const frame = (kind: FrameKind, sequence: number, keySequence = sequence, bytes = 3000): GatewayFrame =>
  gatewayTestFrame({ kind, sequence, keySequence, bytes });
const kinds = (entries: Uint8Array[]) =>
  entries.map((bytes) => {
    // The header of protocol gateway-frame.ts (version byte, u16 length); test deltas are not valid containers, so no readGatewayFrame.
    const json = new TextDecoder().decode(bytes.subarray(3, 3 + new DataView(bytes.buffer, bytes.byteOffset).getUint16(1)));
    const { kind, sequence } = JSON.parse(json) as { kind: string; sequence: number };
    return `${kind}${sequence}`;
  });

test('under the limit every frame goes straight out', () => {
  const { socket, written } = stalledSocket();
  const outbox = createSocketOutbox({ socket, maxBufferedBytes: LIMIT });
  outbox.push(frame('key', 1));
  outbox.push(frame('delta', 2, 1));
  outbox.push(frame('heartbeat', 3, 1, 0));
  expect(kinds(written)).toEqual(['key1', 'delta2', 'heartbeat3']);
  expect(outbox.stats).toMatchObject({ sent: 3, dropped: 0, pendingFrames: 0, behind: false });
});

test('a stalled client: the buffer stays near the limit, one keyframe waits, and the newest is sent when it reads again', () => {
  const { socket, written } = stalledSocket();
  const behind: boolean[] = [];
  const outbox = createSocketOutbox({ socket, maxBufferedBytes: LIMIT, onBehindChange: (value) => behind.push(value) });
  for (let sequence = 1; sequence <= 50; sequence += 1) outbox.push(frame('key', sequence));
  expect(socket.bufferedAmount).toBeLessThan(LIMIT + 3100);
  expect(outbox.stats.pendingFrames).toBe(1);
  expect(outbox.stats.dropped).toBe(50 - written.length - 1);
  expect(behind).toEqual([true]);
  socket.flush();
  expect(kinds(written).at(-1)).toBe('key50');
  expect(outbox.stats).toMatchObject({ pendingFrames: 0, behind: false, sent: written.length });
  expect(behind).toEqual([true, false]);
});

test('deltas wait behind their keyframe; one that does not fit drops the chain until the next keyframe', () => {
  const { socket, written } = stalledSocket();
  const outbox = createSocketOutbox({ socket, maxBufferedBytes: LIMIT });
  for (let sequence = 1; sequence <= 4; sequence += 1) outbox.push(frame('key', sequence)); // fills the socket
  const sentBefore = written.length;
  outbox.push(frame('key', 10));
  outbox.push(frame('delta', 11, 10));
  outbox.push(frame('delta', 12, 10)); // key10 + 2 deltas = 9 KB pending: fits
  outbox.push(frame('delta', 13, 10)); // 12 KB: does not fit; 11 and 12 go with it
  outbox.push(frame('delta', 14, 10)); // builds on 13: useless
  expect(outbox.stats).toMatchObject({ pendingFrames: 1, behind: true });
  socket.flush();
  outbox.push(frame('delta', 15, 10)); // still useless: the client has key10 without 11..14
  outbox.push(frame('key', 16));
  outbox.push(frame('delta', 17, 16));
  expect(kinds(written.slice(sentBefore))).toEqual(['key10', 'key16', 'delta17']);
  expect(outbox.stats.behind).toBe(false);
});

test('heartbeats coalesce and an end frame always goes through', () => {
  const { socket, written } = stalledSocket();
  const outbox = createSocketOutbox({ socket, maxBufferedBytes: LIMIT });
  for (let sequence = 1; sequence <= 4; sequence += 1) outbox.push(frame('key', sequence));
  const sentBefore = written.length;
  outbox.push(frame('heartbeat', 5, 4, 0));
  outbox.push(frame('heartbeat', 6, 4, 0));
  outbox.push(frame('end', 7, 4, 0));
  socket.flush();
  expect(kinds(written.slice(sentBefore))).toEqual(['heartbeat6', 'end7']);
});

test('a refresh keyframe waits behind the deltas it repeats; after a lost chain it repaints like any keyframe', () => {
  const { socket, written } = stalledSocket();
  const outbox = createSocketOutbox({ socket, maxBufferedBytes: LIMIT });
  const refresh = (sequence: number, refreshOf: number) => ({ ...frame('key', sequence, sequence, 1000), refreshOf });
  for (let sequence = 1; sequence <= 4; sequence += 1) outbox.push(frame('key', sequence)); // fills the socket
  const sentBefore = written.length;
  outbox.push(frame('key', 10));
  outbox.push(frame('delta', 11, 10, 1000));
  outbox.push(refresh(12, 11)); // the browser has 11 when this arrives: it skips the decode
  outbox.push(frame('delta', 13, 12, 1000));
  socket.flush();
  expect(kinds(written.slice(sentBefore))).toEqual(['key10', 'delta11', 'key12', 'delta13']);
  expect(outbox.stats.dropped).toBe(0);

  for (let sequence = 20; sequence <= 23; sequence += 1) outbox.push(frame('key', sequence));
  outbox.push(frame('delta', 24, 23, 9000)); // does not fit: the chain is lost
  const afterLoss = written.length;
  outbox.push(refresh(25, 24));
  socket.flush();
  expect(kinds(written.slice(afterLoss))).toEqual(['key25']);
});
