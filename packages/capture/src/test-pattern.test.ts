import { createEncoder, decodePicture } from '@classcast/codec';
import { describe, expect, test } from 'vitest';
import { CaptureError } from './errors.js';
import { readTestPatternCounter } from './test-pattern-reader.js';
import { BAR_COLOURS, renderTestPattern, testPatternFrame, testPatternLayout } from './test-pattern.js';

const W = 640;
const H = 360;

function pixel(data: Buffer, width: number, x: number, y: number): number[] {
  const at = (y * width + x) * 4;
  return [...data.subarray(at, at + 4)];
}

/** Byte ranges of a rectangle's rows, concatenated, to compare one region of two frames. */
function region(data: Buffer, width: number, x: number, y: number, w: number, h: number): Buffer {
  return Buffer.concat(Array.from({ length: h }, (_, row) => data.subarray(((y + row) * width + x) * 4, ((y + row) * width + x + w) * 4)));
}

test('the same frame number renders the same bytes; different numbers differ', () => {
  expect(renderTestPattern(7, W, H).equals(renderTestPattern(7, W, H))).toBe(true);
  expect(renderTestPattern(7, W, H).equals(renderTestPattern(8, W, H))).toBe(false);
  expect(renderTestPattern(0, W, H).length).toBe(W * H * 4);
});

test('every pixel is opaque', () => {
  const data = renderTestPattern(3, W, H);
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) throw new Error(`alpha ${data[i]} at ${i}`);
});

test('frame 0 shows the bars in order, the band and the block at the left', () => {
  const data = renderTestPattern(0, W, H);
  const { barsHeight, block } = testPatternLayout(W, H);
  BAR_COLOURS.forEach((colour, bar) => {
    const x = Math.floor(((bar + 0.5) * W) / BAR_COLOURS.length);
    expect(pixel(data, W, x, barsHeight - 1)).toEqual([...colour, 255]);
  });
  expect(pixel(data, W, W - 1, H - 1)).toEqual([32, 32, 32, 255]);
  expect(pixel(data, W, 0, block.y)).toEqual([255, 255, 255, 255]);
});

test('the bars scroll left and the block moves right from frame to frame', () => {
  const { barsHeight, barStep, block } = testPatternLayout(W, H);
  const frame0 = renderTestPattern(0, W, H);
  const frame1 = renderTestPattern(1, W, H);
  const y = barsHeight - 1;
  expect(region(frame1, W, 0, y, W - barStep, 1).equals(region(frame0, W, barStep, y, W - barStep, 1))).toBe(true);
  expect(pixel(frame1, W, block.step - 1, block.y)).toEqual([32, 32, 32, 255]);
  expect(pixel(frame1, W, block.step, block.y)).toEqual([255, 255, 255, 255]);
});

describe('frame counter', () => {
  test('going from frame 1 to 2 redraws only the last digit of the counter', () => {
    const { counter } = testPatternLayout(W, H);
    const { cell } = counter;
    const digitWidth = 5 * cell;
    const frame1 = renderTestPattern(1, W, H);
    const frame2 = renderTestPattern(2, W, H);
    const digitAt = (data: Buffer, k: number) => region(data, W, counter.x + cell + 6 * k * cell, counter.y + cell, digitWidth, 7 * cell);
    for (let k = 0; k < 5; k += 1) expect(digitAt(frame2, k).equals(digitAt(frame1, k))).toBe(true);
    expect(digitAt(frame2, 5).equals(digitAt(frame1, 5))).toBe(false);
    // Lit cells are white, the rest of the box is black: real glyphs, not noise.
    const colours = new Set(Array.from({ length: digitWidth * 7 * cell }, (_, i) => digitAt(frame2, 5)[i * 4]));
    expect([...colours].sort()).toEqual([0, 255]);
  });

  test.each([0, 1, 2, 42, 123456, 999999])('frame %i reads back from the pixels', (n) => {
    expect(readTestPatternCounter({ data: renderTestPattern(n, W, H), width: W, height: H })).toBe(n);
  });

  test('the counter shows the frame number modulo 1,000,000', () => {
    expect(readTestPatternCounter({ data: renderTestPattern(1_000_007, W, H), width: W, height: H })).toBe(7);
  });

  test('the counter survives JPEG at low quality and half scale', async () => {
    const frame = testPatternFrame(314159, 1280, 720, 0);
    const encoded = await createEncoder({ codec: 'jpeg', quality: 20, scale: 0.5 }).encode(frame);
    expect(readTestPatternCounter(await decodePicture(encoded.bytes), { width: 1280, height: 720 })).toBe(314159);
  });

  test('a picture without a counter reads as undefined', () => {
    expect(readTestPatternCounter({ data: Buffer.alloc(W * H * 4), width: W, height: H })).toBeUndefined();
  });
});

test('tiny and odd sizes render without error', () => {
  for (const [width, height] of [
    [1, 1],
    [7, 3],
    [3, 200],
  ] as const) {
    expect(renderTestPattern(5, width, height).length).toBe(width * height * 4);
  }
});

test.each([
  [-1, W, H, /frame number -1/],
  [1.5, W, H, /frame number 1\.5/],
  [0, 0, H, /test pattern width 0/],
  [0, W, 20_000, /test pattern height 20000/],
])('renderTestPattern(%s, %s, %s) is refused', (n, width, height, message) => {
  expect(() => renderTestPattern(n, width, height)).toThrow(CaptureError);
  expect(() => renderTestPattern(n, width, height)).toThrow(message);
});
