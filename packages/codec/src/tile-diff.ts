/**
 * Which tiles of a screen changed since the previous picture. Rows are compared whole first
 * (memcmp in Buffer.compare), so a still screen costs one compare per pixel row; only rows that
 * differ are looked at tile by tile.
 */
import { tileGrid } from '@classcast/protocol';
import { BYTES_PER_PIXEL } from './raw-frame.js';

export interface TileChanges {
  columns: number;
  rows: number;
  /** 1 where the tile at row * columns + column changed. */
  changed: Uint8Array;
  count: number;
}

export function findChangedTiles(previous: Buffer, current: Buffer, width: number, height: number, tileSize: number): TileChanges {
  const { columns, rows } = tileGrid(width, height, tileSize);
  const changed = new Uint8Array(columns * rows);
  const rowBytes = width * BYTES_PER_PIXEL;
  const tileBytes = tileSize * BYTES_PER_PIXEL;
  let count = 0;
  for (let y = 0; y < height; y += 1) {
    const rowStart = y * rowBytes;
    const rowEnd = rowStart + rowBytes;
    if (current.compare(previous, rowStart, rowEnd, rowStart, rowEnd) === 0) continue;
    const base = Math.floor(y / tileSize) * columns;
    for (let column = 0; column < columns; column += 1) {
      if (changed[base + column]) continue;
      const start = rowStart + column * tileBytes;
      const end = Math.min(start + tileBytes, rowEnd);
      if (current.compare(previous, start, end, start, end) !== 0) {
        changed[base + column] = 1;
        count += 1;
      }
    }
  }
  return { columns, rows, changed, count };
}
