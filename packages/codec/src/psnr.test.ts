import { expect, test } from 'vitest';
import { CodecError } from './errors.js';
import { psnr } from './psnr.js';

test('identical pictures have infinite PSNR; alpha is ignored', () => {
  expect(psnr(Buffer.from([1, 2, 3, 255]), Buffer.from([1, 2, 3, 0]))).toBe(Infinity);
});

test('an error of 1 in every channel is 48.13 dB', () => {
  expect(psnr(Buffer.from([10, 10, 10, 255, 0, 0, 0, 255]), Buffer.from([11, 9, 11, 255, 1, 1, 1, 255]))).toBeCloseTo(48.13, 2);
});

test('pictures of different sizes cannot be compared', () => {
  expect(() => psnr(Buffer.alloc(8), Buffer.alloc(4))).toThrow(CodecError);
});
