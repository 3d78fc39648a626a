import { expect, test } from 'vitest';
import type { RawFrame } from '@classcast/codec';
import { createPushSource } from './push-source.js';

/** A 2x1 frame whose first byte tells frames apart. */
function frame(marker: number, width = 2, height = 1): RawFrame {
  const data = Buffer.alloc(width * height * 4, 0);
  data[0] = marker;
  return { data, width, height, pixelFormat: 'rgba', capturedAt: 1_000 + marker };
}

const settled = async <T>(promise: Promise<T>) =>
  Promise.race([promise.then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('pending'), 20))]);

test('next() waits for a frame and resolves with the first one pushed', async () => {
  const source = createPushSource();
  const next = source.next();
  expect(await settled(next)).toBe('pending');
  source.push(frame(7));
  expect((await next).data[0]).toBe(7);
});

test('older unread frames are dropped, never queued: next() gets the newest', async () => {
  const source = createPushSource();
  source.push(frame(1));
  source.push(frame(2));
  source.push(frame(3));
  expect((await source.next()).data[0]).toBe(3);
  expect(source.dropped).toBe(2);
  // Taken frames are not handed out again: the next call waits for a new one.
  expect(await settled(source.next())).toBe('pending');
});

test('each waiting next() gets its own frame, in call order', async () => {
  const source = createPushSource();
  const first = source.next();
  const second = source.next();
  source.push(frame(1));
  source.push(frame(2));
  expect([(await first).data[0], (await second).data[0]]).toEqual([1, 2]);
  expect(source.dropped).toBe(0);
});

test('reports the size it was given, then the size of the newest frame', () => {
  const source = createPushSource({ name: 'screen "Entire screen"', width: 640, height: 480 });
  expect(source).toMatchObject({ name: 'screen "Entire screen"', width: 640, height: 480 });
  source.push(frame(1, 4, 3));
  expect(source).toMatchObject({ width: 4, height: 3 });
  expect(createPushSource()).toMatchObject({ name: 'pushed frames', width: 1280, height: 720 });
});

test('a frame whose buffer does not match its size is refused with a typed error', () => {
  const source = createPushSource();
  expect(() => source.push({ ...frame(1), width: 3 })).toThrow(expect.objectContaining({ code: 'CC_CODEC_BAD_FRAME' }));
  expect(() => createPushSource({ width: 0 })).toThrow(expect.objectContaining({ code: 'CC_CAPTURE_BAD_OPTIONS' }));
});

test('close() rejects a waiting next() and every later one; later pushes are ignored', async () => {
  const source = createPushSource();
  const waiting = source.next();
  await source.close();
  await expect(waiting).rejects.toMatchObject({ code: 'CC_CAPTURE_CLOSED' });
  expect(() => source.push(frame(1))).not.toThrow();
  await expect(source.next()).rejects.toMatchObject({ code: 'CC_CAPTURE_CLOSED' });
});
