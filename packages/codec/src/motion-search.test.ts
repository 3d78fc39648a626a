import { expect, test } from 'vitest';
import { createMotionSearch } from './motion-search.js';
import { findChangedTiles } from './tile-diff.js';

const WIDTH = 640;
const HEIGHT = 384;

/** Noise everywhere: nothing in one frame is anywhere in the next (a video). */
function noise(seed: number): Buffer {
  const data = Buffer.alloc(WIDTH * HEIGHT * 4);
  let state = seed;
  for (let i = 0; i < data.length; i += 4) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) | 0;
    data.writeInt32LE(state | 0xff000000, i);
  }
  return data;
}

/** `background` with a 200x120 block of its own noise at (x, y). */
function withBlock(background: Buffer, block: Buffer, x: number, y: number): Buffer {
  const data = Buffer.from(background);
  for (let row = 0; row < 120; row += 1) block.copy(data, ((y + row) * WIDTH + x) * 4, row * 200 * 4, (row + 1) * 200 * 4);
  return data;
}

const find = (search: ReturnType<typeof createMotionSearch>, before: Buffer, after: Buffer) =>
  search.find(before, after, WIDTH, HEIGHT, findChangedTiles(before, after, WIDTH, HEIGHT, 64).changed);

test('a block moved to any offset is found as one copy whose pixels match exactly', () => {
  const background = Buffer.alloc(WIDTH * HEIGHT * 4, 0xee);
  const block = noise(7).subarray(0, 200 * 120 * 4);
  const copies = find(createMotionSearch(), withBlock(background, block, 40, 30), withBlock(background, block, 301, 187));
  // The copy covering the block's new place brings it from its old place (background may ride along: it matches too).
  const moved = copies.find((copy) => copy.targetX <= 301 && copy.targetY <= 187 && copy.targetX + copy.width >= 501 && copy.targetY + copy.height >= 307);
  expect(moved).toBeDefined();
  expect({ dx: moved!.sourceX - moved!.targetX, dy: moved!.sourceY - moved!.targetY }).toEqual({ dx: -261, dy: -157 });
});

test('after searches that find nothing (video), the full search backs off, and a moved block is still found within 16 frames', () => {
  const search = createMotionSearch();
  let previous = noise(1);
  for (let frame = 2; frame < 8; frame += 1) {
    const next = noise(frame);
    expect(find(search, previous, next)).toEqual([]);
    previous = next;
  }
  // A block (a dragged window) now moves over the video: found once the back-off has passed.
  const block = noise(99).subarray(0, 200 * 120 * 4);
  let found = -1;
  for (let frame = 0; frame <= 16 && found < 0; frame += 1) {
    const next = withBlock(noise(100 + frame), block, 100 + frame * 3, 60 + frame);
    const copies = find(search, previous, next);
    if (copies.some((copy) => copy.width >= 150 && copy.sourceX - copy.targetX === -3 && copy.sourceY - copy.targetY === -1)) found = frame;
    previous = next;
  }
  // Frame 1 is the first that could match (the block moved from frame 0); the back-off made it wait.
  expect(found).toBeGreaterThan(1);
  expect(found).toBeLessThanOrEqual(16);
});
