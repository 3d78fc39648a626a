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

  test('a broken chain keeps the deltas behind a waiting refresh: they build on it', () => {
    const { queue, pushAll, drain } = backlog();
    pushAll('k0', 'd1', 'd2', 'r3', 'd4');
    queue.shift();
    queue.breakChain(); // k0 failed: d1 and d2 have nothing to draw on, d4 builds on r3
    expect(queue.skippingDeltas).toBe(false);
    expect(drain()).toEqual(['r3', 'd4']);
  });

  test('discarding a waiting delta skips the deltas after it until a keyframe', () => {
    const { queue, pushAll, drain } = backlog();
    pushAll('k0', 'd1', 'd2');
    queue.shift();
    queue.discard((name) => name === 'd2');
    expect(queue.push('d3')).toBe(false);
    expect(drain()).toEqual(['d1']);
    expect(pushAll('k4', 'd5')).toEqual([true, true]);
    expect(drain()).toEqual(['k4', 'd5']);
  });

  test('a copy-only delta (a scroll: a few bytes) is never drawn without the delta before it, though it fits', () => {
    // Room in bytes, as a socket's: a large delta does not fit where a 24-byte copy-only one (dNc) would.
    const queue = createPictureBacklog<{ name: string; bytes: number }>({
      describe: ({ name, bytes }) => ({ kind: KINDS[name[0]!], refresh: false, bytes }),
      hasRoom: (waiting, bytes) => waiting.bytes + bytes <= 100,
    });
    const push = (name: string, bytes: number) => queue.push({ name, bytes });
    push('k0', 50);
    queue.shift();
    expect([push('d1', 60), push('d2c', 24), push('d3', 60), push('d4c', 24), push('d5c', 24)].map(Boolean)).toEqual([true, true, false, false, false]);
    expect(queue.waiting.deltas).toBe(0); // d1 and c2 went with d3: the chain goes whole
    push('k6', 50);
    push('d7c', 24);
    const drained: string[] = [];
    for (let item = queue.shift(); item; item = queue.shift()) drained.push(item.name);
    expect(drained).toEqual(['k6', 'd7c']);
  });

  test('whatever is dropped, every delta drawn follows the picture it was made on (10,000 random steps)', () => {
    // Pictures in push order; a delta builds on the picture pushed just before it (its chain).
    let seed = 12;
    const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    type Item = { name: string; bytes: number; after: string | undefined };
    const queue = createPictureBacklog<Item>({
      describe: ({ name, bytes }) => ({ kind: KINDS[name[0]!], refresh: name.startsWith('r'), bytes }),
      hasRoom: (waiting, bytes) => waiting.bytes + bytes <= 200,
      awaitFirstKey: true,
    });
    let last: string | undefined;
    let onScreen: string | undefined;
    let drawnDeltas = 0;
    for (let step = 0; step < 10_000; step += 1) {
      const roll = random();
      if (roll < 0.55) {
        // Deltas of copies only are a few bytes, others up to 120; keyframes are rare.
        const kind = roll < 0.05 ? 'k' : roll < 0.08 ? 'r' : roll < 0.25 ? 'c' : roll < 0.3 ? 'h' : 'd';
        const name = `${kind === 'c' ? 'd' : kind}${step}`;
        const item = { name, bytes: kind === 'c' ? 24 : 10 + Math.floor(random() * 110), after: last };
        queue.push(item);
        if (kind !== 'h') last = name;
      } else if (roll < 0.97) {
        const item = queue.shift();
        if (!item || item.name.startsWith('h')) continue;
        if (item.name.startsWith('d')) {
          expect(item.after, `${item.name} drawn on ${onScreen}`).toBe(onScreen);
          drawnDeltas += 1;
        }
        onScreen = item.name;
      } else {
        // The picture on screen failed to draw.
        queue.breakChain();
        onScreen = undefined;
      }
    }
    expect(drawnDeltas).toBeGreaterThan(1000); // the rule did not just drop everything
  });

  test('discard drops what matches and counts only pictures', () => {
    const { queue, pushAll, drain } = backlog();
    pushAll('k0', 'm1', 'd2', 'h3');
    queue.discard((name) => name !== 'm1');
    expect(drain()).toEqual(['m1']);
    expect(queue.dropped).toBe(2);
  });
});
