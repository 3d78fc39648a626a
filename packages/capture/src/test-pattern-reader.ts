/**
 * Reads the frame counter back out of a test pattern picture, even after lossy encoding and
 * scaling: a viewer test can check "the student sees frame 1234" from the pixels alone.
 */
import { GLYPH_COLUMNS, GLYPH_ROWS, matchDigit } from './bitmap-font.js';
import { COUNTER_DIGITS, testPatternLayout } from './test-pattern.js';

export interface RgbaPicture {
  data: Uint8Array;
  width: number;
  height: number;
}

// Up to this many of a glyph's 35 cells may read wrong (JPEG ringing at low quality).
const CELL_TOLERANCE = 3;

/**
 * The counter value shown in `picture`, or undefined when the digits cannot be read.
 * `source` is the size the pattern was rendered at, when the picture was scaled since.
 */
export function readTestPatternCounter(picture: RgbaPicture, source: { width: number; height: number } = picture): number | undefined {
  const { counter } = testPatternLayout(source.width, source.height);
  const scaleX = picture.width / source.width;
  const scaleY = picture.height / source.height;
  let value = 0;
  for (let k = 0; k < COUNTER_DIGITS; k += 1) {
    const cells: boolean[] = [];
    for (let row = 0; row < GLYPH_ROWS; row += 1) {
      for (let column = 0; column < GLYPH_COLUMNS; column += 1) {
        // Sample the middle of each glyph cell, mapped into the (maybe scaled) picture.
        const x = Math.floor((counter.x + counter.cell * (1 + 6 * k + column + 0.5)) * scaleX);
        const y = Math.floor((counter.y + counter.cell * (1 + row + 0.5)) * scaleY);
        cells.push(isBright(picture, x, y));
      }
    }
    const digit = matchDigit(cells, CELL_TOLERANCE);
    if (digit === undefined) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

function isBright(picture: RgbaPicture, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= picture.width || y >= picture.height) return false;
  const at = (y * picture.width + x) * 4;
  return picture.data[at]! + picture.data[at + 1]! + picture.data[at + 2]! > 3 * 128;
}
