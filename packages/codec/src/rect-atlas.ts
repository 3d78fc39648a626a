/**
 * Packs rectangles cut from a screen into one picture (an atlas), so the new pixels of a delta
 * cost one encode and one decode per codec. Shelves: tallest first, left to right, a new shelf
 * when the row is full. Every rect starts on a multiple of 8 so JPEG's 8x8 blocks never mix two.
 */
import type { DeltaRect, Rect } from '@classcast/protocol';
import { BYTES_PER_PIXEL } from './raw-frame.js';
import { copyRect, type Pixels } from './tile-atlas.js';

const ALIGN = 8;

export interface RectAtlas {
  atlas: Pixels;
  /** Where each rect went, in the order given (picture index left for the caller). */
  placements: Array<Omit<DeltaRect, 'picture'>>;
}

export function packRects(frame: Pixels, rects: readonly Rect[]): RectAtlas {
  const padded = (size: number) => Math.ceil(size / ALIGN) * ALIGN;
  const area = rects.reduce((sum, rect) => sum + padded(rect.width) * padded(rect.height), 0);
  const shelfWidth = Math.max(...rects.map((rect) => padded(rect.width)), padded(Math.ceil(Math.sqrt(area))));
  const order = rects.map((_, index) => index).sort((a, b) => rects[b]!.height - rects[a]!.height);
  const spots: Array<{ x: number; y: number }> = [];
  let x = 0;
  let y = 0;
  let shelfHeight = 0;
  let width = 0;
  for (const index of order) {
    const rect = rects[index]!;
    if (x + padded(rect.width) > shelfWidth) {
      y += shelfHeight;
      x = 0;
      shelfHeight = 0;
    }
    spots[index] = { x, y };
    x += padded(rect.width);
    width = Math.max(width, x - (padded(rect.width) - rect.width));
    shelfHeight = Math.max(shelfHeight, padded(rect.height));
  }
  const height = Math.max(...rects.map((rect, index) => spots[index]!.y + rect.height));
  const atlas = { data: new Uint8Array(width * height * BYTES_PER_PIXEL), width, height };
  const placements = rects.map((rect, index) => {
    const spot = spots[index]!;
    copyRect(frame, rect.x, rect.y, atlas, spot.x, spot.y, rect.width, rect.height);
    return { atlasX: spot.x, atlasY: spot.y, frameX: rect.x, frameY: rect.y, width: rect.width, height: rect.height };
  });
  return { atlas, placements };
}
