import { expect, test } from 'vitest';
import { readTestPatternCounter } from './test-pattern-reader.js';
import { createTestPatternSource } from './test-pattern-source.js';

test('plays frames 0, 1, 2, ... at the configured size, stamped with the capture time', async () => {
  const source = createTestPatternSource({ width: 320, height: 180 });
  expect(source).toMatchObject({ name: 'test pattern', width: 320, height: 180 });
  const before = Date.now();
  for (let n = 0; n < 3; n += 1) {
    const frame = await source.next();
    expect(frame).toMatchObject({ width: 320, height: 180, pixelFormat: 'rgba' });
    expect(frame.capturedAt).toBeGreaterThanOrEqual(before);
    expect(frame.capturedAt).toBeLessThanOrEqual(Date.now());
    expect(readTestPatternCounter(frame)).toBe(n);
  }
  await source.close();
});

test('defaults to 1280x720', () => {
  expect(createTestPatternSource()).toMatchObject({ width: 1280, height: 720 });
});

test('after close, next() says the source is closed', async () => {
  const source = createTestPatternSource({ width: 16, height: 16 });
  await source.close();
  await expect(source.next()).rejects.toMatchObject({ code: 'CC_CAPTURE_CLOSED' });
});

test('a bad size is refused when the source is made', () => {
  expect(() => createTestPatternSource({ width: 0 })).toThrow(/width 0 is not a whole number/);
});
