import { describe, expect, test } from 'vitest';
import type { FrameKind } from './frame.js';
import { createPictureBacklog } from './picture-backlog.js';

/** Items named like "k0", "d1", "r2" (refresh), "h3", "e4", "m5" (a message, not a frame). */
const KINDS: Record<string, FrameKind | undefined> = { k: 'key', r: 'key', d: 'delta', h: 'heartbeat', e: 'end', m: undefined };

function backlog({ room = 3, awaitFirstKey = false } = {}) {
  const queue = createPictureBacklog<string>({
    describe: (name) => ({ kind: KINDS[name[0]!], refresh: name.startsWith('r'), bytes: 10 }),
    hasRoom: (waiting) => waiting.deltas < room,
    awaitFirstKey,
  });
  const pushAll = (...names: string[]) => names.map((name) => queue.push(name));
  const drain = () => [
    ...(function* () {
      for (let item = queue.shift(); item; item = queue.shift()) yield item;
    })(),
  ];
  return { queue, pushAll, drain };
}

describe('the picture backlog', () => {
  test('a keyframe drops the waiting pictures, never a heartbeat, an end or a message', () => {
    const { queue, pushAll, drain } = backlog();
    pushAll('k0', 'd1', 'm2', 'h3', 'd4', 'e5', 'k6');
    expect(drain()).toEqual(['m2', 'h3', 'e5', 'k6']);
    expect(queue.dropped).toBe(3);
  });

  test('a refresh waits behind the unbroken deltas it repeats; without room it repaints like any keyframe', () => {
    const withRoom = backlog({ room: 3 });
    withRoom.pushAll('k0', 'd1', 'd2', 'r3');
    expect(withRoom.drain()).toEqual(['k0', 'd1', 'd2', 'r3']);

    const full = backlog({ room: 2 });
    full.pushAll('k0', 'd1', 'd2', 'r3');
    expect(full.drain()).toEqual(['r3']);
    expect(full.queue.dropped).toBe(3);
  });

  test('a delta that does not fit is dropped with the waiting deltas; the rest wait for the next keyframe', () => {
    const { queue, pushAll, drain } = backlog({ room: 2 });
    expect(pushAll('k0', 'd1', 'd2', 'd3', 'd4')).toEqual([true, true, true, false, false]);
    expect(queue.skippingDeltas).toBe(true);
    expect(queue.waiting).toMatchObject({ items: 1, deltas: 0 });
    pushAll('r5', 'd6');
    expect(queue.skippingDeltas).toBe(false);
    expect(drain()).toEqual(['r5', 'd6']); // the broken chain makes the refresh a real keyframe
    expect(queue.dropped).toBe(5);
  });

  test('a heartbeat replaces a waiting heartbeat', () => {
    const { pushAll, drain } = backlog();
    pushAll('k0', 'h1', 'd2', 'h3');
    expect(drain()).toEqual(['k0', 'd2', 'h3']);
  });

  test('a viewer that has drawn nothing skips deltas until the first keyframe', () => {
    const { queue, pushAll, drain } = backlog({ awaitFirstKey: true });
    expect(pushAll('d0', 'd1', 'k2', 'd3')).toEqual([false, false, true, true]);
    expect(drain()).toEqual(['k2', 'd3']);
    expect(queue.dropped).toBe(2);
  });

  test('a broken chain drops the waiting deltas unless a keyframe is next', () => {
    const behindKey = backlog();
    behindKey.pushAll('k0', 'd1');
    behindKey.queue.breakChain();
    expect(behindKey.drain()).toEqual(['k0', 'd1']);

    const { queue, pushAll, drain } = backlog();
    pushAll('k0', 'd1', 'd2');
    queue.shift();
    queue.breakChain();
    expect(queue.push('d3')).toBe(false);
    expect(drain()).toEqual([]);
    expect(queue.dropped).toBe(3);
  });

  test('discard drops what matches and counts only pictures', () => {
    const { queue, pushAll, drain } = backlog();
    pushAll('k0', 'm1', 'd2', 'h3');
    queue.discard((name) => name !== 'm1');
    expect(drain()).toEqual(['m1']);
    expect(queue.dropped).toBe(2);
  });
});
