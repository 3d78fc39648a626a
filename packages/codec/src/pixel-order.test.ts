import { expect, test } from 'vitest';
import { toPackedRgb } from './pixel-order.js';

test('BGRA pixels become packed RGB without alpha', () => {
  expect([...toPackedRgb(Buffer.from([3, 2, 1, 255, 30, 20, 10, 0]), 'bgra')]).toEqual([1, 2, 3, 10, 20, 30]);
});

test('RGBA pixels keep their order and lose alpha', () => {
  expect([...toPackedRgb(Buffer.from([1, 2, 3, 255, 10, 20, 30, 0]), 'rgba')]).toEqual([1, 2, 3, 10, 20, 30]);
});

test('a misaligned slice of a larger buffer converts the same', () => {
  const slice = Buffer.from([9, 3, 2, 1, 255, 30, 20, 10, 0]).subarray(1);
  expect(slice.byteOffset % 4).not.toBe(0);
  expect([...toPackedRgb(slice, 'bgra')]).toEqual([1, 2, 3, 10, 20, 30]);
});
