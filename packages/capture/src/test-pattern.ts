/**
 * The test pattern: a deterministic, moving picture for demos and tests that need no screen.
 *
 *   top two thirds   eight colour bars (white, yellow, cyan, green, magenta, red, blue, black)
 *                    scrolling left by `barStep` pixels a frame
 *   top-left         a black box with the frame number (mod 1,000,000) as six white 5x7 digits
 *   bottom third     a dark grey band with a white square moving right by `block.step` a frame
 *
 * renderTestPattern is pure: frame N at a given size is always the same bytes, so a test in
 * Node or a browser can recompute what a viewer should show. It fills whole rows with typed-array
 * fill/set rather than touching pixels one by one, which keeps 1080p in a few milliseconds.
 */
import type { RawFrame } from '@classcast/codec';
import { DIGIT_GLYPHS, GLYPH_COLUMNS, GLYPH_ROWS } from './bitmap-font.js';
import { CaptureError } from './errors.js';
import { assertFrameSize } from './frame-source.js';

export const COUNTER_DIGITS = 6;
const COUNTER_MODULUS = 10 ** COUNTER_DIGITS;

type Rgb = readonly [number, number, number];
export const BAR_COLOURS: readonly Rgb[] = [
  [255, 255, 255],
  [255, 255, 0],
  [0, 255, 255],
  [0, 255, 0],
  [255, 0, 255],
  [255, 0, 0],
  [0, 0, 255],
  [0, 0, 0],
];
export const BAND_COLOUR: Rgb = [32, 32, 32];
export const BLOCK_COLOUR: Rgb = [255, 255, 255];
export const COUNTER_BACKGROUND: Rgb = [0, 0, 0];
export const COUNTER_INK: Rgb = [255, 255, 255];

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TestPatternLayout {
  barsHeight: number;
  barStep: number;
  block: { size: number; y: number; step: number; travel: number };
  /** The black box; digit k's glyph starts at (x + cell + 6·k·cell, y + cell), one glyph cell = cell². */
  counter: Rect & { cell: number };
}

/** Where everything sits for a frame size; independent of the frame number. */
export function testPatternLayout(width: number, height: number): TestPatternLayout {
  const barsHeight = Math.max(1, Math.round((height * 2) / 3));
  const bandHeight = height - barsHeight;
  const size = Math.max(1, Math.round(bandHeight * 0.6));
  // Each digit takes 5 cells and a 1-cell gap; the box adds a 1-cell margin on every side.
  const cell = Math.max(1, Math.min(Math.floor(height / 48), Math.floor(width / (COUNTER_DIGITS * 6 + 3))));
  return {
    barsHeight,
    barStep: Math.max(1, Math.round(width / 128)),
    block: {
      size,
      y: barsHeight + Math.floor((bandHeight - size) / 2),
      step: Math.max(1, Math.round(width / 64)),
      travel: Math.max(1, width - size),
    },
    counter: { x: cell, y: cell, cell, width: (COUNTER_DIGITS * 6 + 1) * cell, height: (GLYPH_ROWS + 2) * cell },
  };
}

/** The RGBA pixels of frame `frameNumber` (0, 1, 2, ...) at width x height. Pure and deterministic. */
export function renderTestPattern(frameNumber: number, width: number, height: number): Buffer {
  if (!Number.isSafeInteger(frameNumber) || frameNumber < 0) {
    throw new CaptureError('CC_CAPTURE_BAD_OPTIONS', `test pattern frame number ${frameNumber} is not a whole number >= 0`);
  }
  assertFrameSize(width, height, 'test pattern');
  const layout = testPatternLayout(width, height);
  // Unfilled memory is fine: every pixel is written below. allocUnsafeSlow is never a pooled
  // slice, so the 32-bit view is aligned.
  const data = Buffer.allocUnsafeSlow(width * height * 4);
  const pixels = new Uint32Array(data.buffer, data.byteOffset, width * height);
  const canvas: Canvas = { pixels, width, height };

  const barRow = new Uint32Array(width);
  const barOffset = ((frameNumber % width) * layout.barStep) % width;
  const barColours = BAR_COLOURS.map(pack);
  for (let x = 0; x < width; x += 1) {
    barRow[x] = barColours[Math.floor((((x + barOffset) % width) * BAR_COLOURS.length) / width)]!;
  }
  for (let y = 0; y < layout.barsHeight; y += 1) pixels.set(barRow, y * width);

  pixels.fill(pack(BAND_COLOUR), layout.barsHeight * width);
  const { block } = layout;
  const blockX = ((frameNumber % block.travel) * block.step) % block.travel;
  fillRect(canvas, { x: blockX, y: block.y, width: block.size, height: block.size }, pack(BLOCK_COLOUR));

  drawCounter(canvas, layout.counter, frameNumber % COUNTER_MODULUS);
  return data;
}

/** A RawFrame of the test pattern, for sources and tests that need the whole frame. */
export function testPatternFrame(frameNumber: number, width: number, height: number, capturedAt: number): RawFrame {
  return { data: renderTestPattern(frameNumber, width, height), width, height, pixelFormat: 'rgba', capturedAt };
}

/**
 * Picture n of the counter slide: frame 0 of the test pattern with the counter box and the bottom
 * band (the moving block) of frame n. Only a few tiles change a frame, so a broadcast of it is
 * keyframes and tile deltas, and each picture still says its number.
 */
export function renderCounterSlide(n: number, width: number, height: number): Buffer {
  const picture = renderTestPattern(0, width, height);
  const current = renderTestPattern(n, width, height);
  const { counter, barsHeight } = testPatternLayout(width, height);
  const row = width * 4;
  for (let y = counter.y; y < counter.y + counter.height; y += 1) {
    current.copy(picture, y * row + counter.x * 4, y * row + counter.x * 4, y * row + (counter.x + counter.width) * 4);
  }
  current.copy(picture, barsHeight * row, barsHeight * row);
  return picture;
}

/** The frame's pixels as 32-bit words, one per pixel, row after row. */
interface Canvas {
  pixels: Uint32Array;
  width: number;
  height: number;
}

function drawCounter(canvas: Canvas, box: Rect & { cell: number }, value: number): void {
  fillRect(canvas, box, pack(COUNTER_BACKGROUND));
  const ink = pack(COUNTER_INK);
  const { cell } = box;
  const text = String(value).padStart(COUNTER_DIGITS, '0');
  for (let k = 0; k < COUNTER_DIGITS; k += 1) {
    const glyph = DIGIT_GLYPHS[Number(text[k])]!;
    const left = box.x + cell + k * 6 * cell;
    const top = box.y + cell;
    glyph.forEach((lit, i) => {
      const x = left + (i % GLYPH_COLUMNS) * cell;
      const y = top + Math.floor(i / GLYPH_COLUMNS) * cell;
      if (lit) fillRect(canvas, { x, y, width: cell, height: cell }, ink);
    });
  }
}

/** Fills a rectangle, clipped to the canvas, one typed-array fill per row. */
function fillRect({ pixels, width, height }: Canvas, rect: Rect, colour: number): void {
  const x0 = Math.max(0, rect.x);
  const x1 = Math.min(width, rect.x + rect.width);
  const y1 = Math.min(height, rect.y + rect.height);
  if (x1 <= x0) return;
  for (let y = Math.max(0, rect.y); y < y1; y += 1) pixels.fill(colour, y * width + x0, y * width + x1);
}

// The bytes R, G, B, 255 read as one native-endian 32-bit word, so fill() writes them in order.
const packBytes = new Uint8Array(4);
const packWord = new Uint32Array(packBytes.buffer);
function pack([red, green, blue]: Rgb): number {
  packBytes.set([red, green, blue, 255]);
  return packWord[0]!;
}
