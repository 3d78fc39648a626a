import { expect, test } from 'vitest';
import { parseCapturedFrame } from './captured-frame.js';

test('RGBA pixels in an ArrayBuffer become a RawFrame over the same memory', () => {
  const pixels = new Uint8Array([1, 2, 3, 255, 4, 5, 6, 255]).buffer;
  const frame = parseCapturedFrame({ width: 2, height: 1, capturedAt: 1234, pixels });
  expect(frame).toMatchObject({ width: 2, height: 1, capturedAt: 1234, pixelFormat: 'rgba' });
  expect([...frame.data]).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
  expect(frame.data.buffer).toBe(pixels);
});

test('a typed array view is taken at its own offset', () => {
  const backing = new Uint8Array(12).fill(9);
  backing.set([1, 2, 3, 4], 8);
  const frame = parseCapturedFrame({ width: 1, height: 1, capturedAt: 1, pixels: backing.subarray(8) });
  expect([...frame.data]).toEqual([1, 2, 3, 4]);
});

test.each([
  ['no payload', undefined, 'CC_IPC_BAD_REQUEST'],
  ['no pixels', { width: 1, height: 1, capturedAt: 1 }, 'CC_IPC_BAD_REQUEST'],
  ['a string size', { width: '1', height: 1, capturedAt: 1, pixels: new ArrayBuffer(4) }, 'CC_IPC_BAD_REQUEST'],
  ['pixels that do not fit the size', { width: 2, height: 2, capturedAt: 1, pixels: new ArrayBuffer(4) }, 'CC_CODEC_BAD_FRAME'],
  ['a zero width', { width: 0, height: 1, capturedAt: 1, pixels: new ArrayBuffer(0) }, 'CC_CODEC_BAD_FRAME'],
])('refuses %s with a typed error', (_what, payload, code) => {
  expect(() => parseCapturedFrame(payload)).toThrow(expect.objectContaining({ code }));
});
