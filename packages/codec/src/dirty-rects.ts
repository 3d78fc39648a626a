/**
 * Where the new screen still differs from what the students will have after the copies, as
 * rectangles on an 8-pixel grid, each marked lossless (text, UI: few colours) or not (photos,
 * video: many) by the 16-pixel cell it lies in (an 8x8 cell has too few pixels to tell
 * anti-aliased text from a photograph). An 8-pixel grid keeps a typed character or a blinking
 * cursor to a few hundred pixels, and JPEG's 8x8 blocks never straddle two rects in an atlas.
 */
import type { Rect } from '@classcast/protocol';
import { BYTES_PER_PIXEL } from './raw-frame.js';

export const DIRTY_CELL = 8;
/** The cell whose colours decide lossless or not. */
const CLASS_CELL = 16;

export interface DirtyRect extends Rect {
  lossless: boolean;
}

/**
 * A cell with fewer distinct colours than this share of its pixels is screen content: anti-aliased
 * text in a few colours has some tens, a photograph nearly one per pixel. Measured on text and
 * photo tiles: lossless WebP is then as small as JPEG at q75 or smaller, and exact.
 */
const LOSSLESS_COLOUR_SHARE = 0.5;

export function findDirtyRects(before: Buffer, after: Buffer, width: number, height: number): DirtyRect[] {
  const columns = Math.ceil(width / DIRTY_CELL);
  const rows = Math.ceil(height / DIRTY_CELL);
  const dirty = new Uint8Array(columns * rows);
  const rowBytes = width * BYTES_PER_PIXEL;
  const cellBytes = DIRTY_CELL * BYTES_PER_PIXEL;
  for (let y = 0; y < height; y += 1) {
    const start = y * rowBytes;
    if (after.compare(before, start, start + rowBytes, start, start + rowBytes) === 0) continue;
    const base = Math.floor(y / DIRTY_CELL) * columns;
    for (let column = 0; column < columns; column += 1) {
      if (dirty[base + column]) continue;
      const from = start + column * cellBytes;
      const to = Math.min(from + cellBytes, start + rowBytes);
      if (after.compare(before, from, to, from, to) !== 0) dirty[base + column] = 1;
    }
  }
  const isLossless = createCellClassifier(after, width);
  const classes = new Map<number, number>();
  const perClassCell = CLASS_CELL / DIRTY_CELL;
  const classOf = (column: number, row: number) => {
    const key = Math.floor(row / perClassCell) * columns + Math.floor(column / perClassCell);
    let kind = classes.get(key);
    if (kind === undefined) {
      kind = isLossless(cellRect(Math.floor(column / perClassCell), Math.floor(row / perClassCell), CLASS_CELL, width, height)) ? 2 : 1;
      classes.set(key, kind);
    }
    return kind;
  };
  // 1 = dirty lossy, 2 = dirty lossless: runs and stacks only join cells of one kind.
  dirty.forEach((isDirty, index) => {
    if (isDirty) dirty[index] = classOf(index % columns, Math.floor(index / columns));
  });
  return mergeCells(dirty, columns, rows).map(({ kind, ...cells }) => ({
    x: cells.x * DIRTY_CELL,
    y: cells.y * DIRTY_CELL,
    width: Math.min(cells.width * DIRTY_CELL, width - cells.x * DIRTY_CELL),
    height: Math.min(cells.height * DIRTY_CELL, height - cells.y * DIRTY_CELL),
    lossless: kind === 2,
  }));
}

/** The share of screen-content cells among every `every`-th cell each way: is a whole picture text or photograph? */
export function losslessShare(data: Buffer, width: number, height: number, every = 4): number {
  const columns = Math.ceil(width / CLASS_CELL);
  const rows = Math.ceil(height / CLASS_CELL);
  const isLossless = createCellClassifier(data, width);
  let sampled = 0;
  let lossless = 0;
  for (let row = 0; row < rows; row += every) {
    for (let column = 0; column < columns; column += every) {
      sampled += 1;
      if (isLossless(cellRect(column, row, CLASS_CELL, width, height))) lossless += 1;
    }
  }
  return lossless / sampled;
}

function createCellClassifier(data: Buffer, width: number): (cell: Rect) => boolean {
  const colours = createColourCounter();
  return (cell) => {
    const limit = Math.floor(cell.width * cell.height * LOSSLESS_COLOUR_SHARE);
    return colours.count(data, width, cell, limit) < limit;
  };
}

/** The cell of `size` pixels at (column, row), clipped to the screen. */
function cellRect(column: number, row: number, size: number, width: number, height: number): Rect {
  const x = column * size;
  const y = row * size;
  return { x, y, width: Math.min(size, width - x), height: Math.min(size, height - y) };
}

/** Rectangles of cells of one kind (non-zero): runs along each row, then equal runs stacked. */
export function mergeCells(kinds: Uint8Array, columns: number, rows: number): Array<Rect & { kind: number }> {
  let open = new Map<string, Rect & { kind: number }>();
  const done: Array<Rect & { kind: number }> = [];
  for (let row = 0; row < rows; row += 1) {
    const runs: Array<Rect & { kind: number }> = [];
    for (let column = 0; column < columns; column += 1) {
      const kind = kinds[row * columns + column]!;
      if (!kind) continue;
      const last = runs.at(-1);
      if (last && last.kind === kind && last.x + last.width === column) last.width += 1;
      else runs.push({ x: column, y: row, width: 1, height: 1, kind });
    }
    const next = new Map<string, Rect & { kind: number }>();
    for (const run of runs) {
      const key = `${run.x}:${run.width}:${run.kind}`;
      const above = open.get(key);
      if (above) {
        above.height += 1;
        open.delete(key);
        next.set(key, above);
      } else next.set(key, run);
    }
    done.push(...open.values());
    open = next;
  }
  return [...done, ...open.values()];
}

/** Counts distinct colours of a rect up to a limit, in a small reused open-addressing table. */
function createColourCounter() {
  const table = new Int32Array(1024);
  const used = new Uint8Array(1024);
  return {
    count(data: Buffer, width: number, rect: Rect, limit: number): number {
      used.fill(0);
      let count = 0;
      for (let y = rect.y; y < rect.y + rect.height; y += 1) {
        for (let at = (y * width + rect.x) * BYTES_PER_PIXEL, end = at + rect.width * BYTES_PER_PIXEL; at < end; at += BYTES_PER_PIXEL) {
          const colour = data.readInt32LE(at) | 0;
          let slot = Math.imul(colour, 0x9e3779b1) >>> 22;
          while (used[slot] && table[slot] !== colour) slot = (slot + 1) & 1023;
          if (used[slot]) continue;
          used[slot] = 1;
          table[slot] = colour;
          count += 1;
          if (count >= limit) return count;
        }
      }
      return count;
    },
  };
}
