/**
 * Finds the parts of a new screen that are the previous screen moved: a page or a pane scrolled
 * (by a wheel step or a few pixels of smooth scrolling), a window dragged. They go to the
 * students as copy operations instead of pictures, so a scroll costs only its uncovered strip.
 *
 * The search is Guacamole's (display-plan-search.c): a hash of each changed 64x64 cell of the new
 * screen is looked up among the hashes of every 64x64 window of the previous screen, at every
 * pixel offset. Those hashes roll (Rabin-Karp along rows, then down columns), so all ~2 million
 * windows of a 1080p screen cost two multiply-adds each. A hit is only a candidate: every match
 * is verified pixel for pixel, so copies are exact. Offsets are chosen by votes (a scrolled pane
 * moves many cells by one offset), each is grown to the exact edge of what moved, and copies
 * are ordered so none reads pixels an earlier one wrote.
 */
import type { CopyRect, Rect } from '@classcast/protocol';
import { overlaps } from '@classcast/protocol';
import { mergeCells } from './dirty-rects.js';

export const MOTION_CELL = 64;
/** Offsets tried per frame, most voted first: a scroll, a second pane, a moved window. */
const MAX_OFFSETS = 6;
/** Verified matches kept per cell: a cell of repeating content (blank lines) matches many places. */
const MAX_MATCHES_PER_CELL = 4;
/** A full search that found nothing waits this many frames at most before the next (video, a game). */
const MAX_FULL_SEARCH_BACKOFF = 16;
/** Candidate checks per cell before it is given up as uninformative. */
const MAX_CHECKS_PER_CELL = 16;
const FILTER_BITS = 20;
const FILTER_MASK = (1 << (FILTER_BITS - 3)) - 1;
const ROW_BASE = 0x01000193;
const COLUMN_BASE = 0x5bd1e995;

export interface MotionSearch {
  /**
   * The copies that turn `previous` into as much of `current` as moved. `changedCells` marks,
   * per 64x64 cell in row-major order, which cells differ at all (unchanged cells need no copy).
   */
  find(previous: Buffer, current: Buffer, width: number, height: number, changedCells: Uint8Array): CopyRect[];
}

/** Keeps its hash buffers between frames (8 MB at 1080p), so a search allocates nothing. */
export function createMotionSearch(): MotionSearch {
  let rowHashes = new Int32Array(0);
  let columnHashes = new Int32Array(0);
  const filter = new Uint8Array(1 << (FILTER_BITS - 3));
  const rowPower = power(ROW_BASE, MOTION_CELL);
  const columnPower = power(COLUMN_BASE, MOTION_CELL);
  // Video changes every cell of its area and nothing in it ever moved exactly: after a full search
  // that found nothing, the next ones wait 1, 2, 4 … 16 frames (a window dragged over a video is
  // then caught within 1.6 s at 10 fps). Anything found starts again at every frame.
  let backoff = 0;
  let skipFullSearches = 0;

  return {
    find(previous, current, width, height, changedCells) {
      if (width < MOTION_CELL || height < MOTION_CELL) return [];
      const before = pixels32(previous);
      const after = pixels32(current);
      const columns = Math.ceil(width / MOTION_CELL);
      const cells = informativeCells(after, width, height, changedCells, columns);
      if (cells.length === 0) return [];

      // Most motion on a classroom screen is vertical scrolling: found cheaply first, by rows.
      const vertical = verticalOffsets(before, after, width, height, cells);
      const plan = vertical.length > 0 ? buildCopies(before, after, width, height, changedCells, columns, vertical, cells) : undefined;
      if (plan && plan.unexplained <= Math.max(2, cells.length * 0.1)) {
        backoff = 0;
        return plan.copies;
      }
      if (skipFullSearches > 0) {
        skipFullSearches -= 1;
        return plan?.copies ?? [];
      }

      // The new screen's cells by hash, and a bit filter so most windows are rejected in one load.
      const byHash = new Map<number, number[]>();
      filter.fill(0);
      cells.forEach((cell, index) => {
        const hash = windowHash(after, width, cell.x, cell.y);
        const list = byHash.get(hash);
        if (list) list.push(index);
        else byHash.set(hash, [index]);
        filter[(hash >>> 3) & FILTER_MASK]! |= 1 << (hash & 7);
      });

      // Every 64x64 window of the previous screen, rolled; each that passes the filter is a candidate.
      const span = width - MOTION_CELL + 1;
      if (rowHashes.length < span * height) rowHashes = new Int32Array(span * height);
      if (columnHashes.length < span) columnHashes = new Int32Array(span);
      rollRows(before, width, height, span, rowPower, rowHashes);
      const votes = new Map<number, number>();
      const matches = cells.map(() => 0);
      const checks = new Uint8Array(cells.length);
      rollColumns(rowHashes, span, height, columnPower, columnHashes, filter, (x, top, hash) => {
        for (const index of byHash.get(hash) ?? []) {
          const cell = cells[index]!;
          if ((x === cell.x && top === cell.y) || matches[index]! >= MAX_MATCHES_PER_CELL || checks[index]! >= MAX_CHECKS_PER_CELL) continue;
          checks[index] = checks[index]! + 1;
          if (!sameBlock(before, after, width, x, top, cell.x, cell.y, MOTION_CELL, MOTION_CELL)) continue;
          matches[index] = matches[index]! + 1;
          const key = offsetKey(x - cell.x, top - cell.y);
          votes.set(key, (votes.get(key) ?? 0) + 1);
        }
      });
      const offsets = mostVoted(votes);
      if (offsets.length === 0) {
        backoff = Math.min(MAX_FULL_SEARCH_BACKOFF, Math.max(1, backoff * 2));
        skipFullSearches = backoff;
        return plan?.copies ?? [];
      }
      backoff = 0;
      return buildCopies(before, after, width, height, changedCells, columns, offsets, cells).copies;
    },
  };
}

function mostVoted(votes: Map<number, number>): number[] {
  return [...votes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_OFFSETS)
    .map(([key]) => key);
}

/**
 * Vertical offsets by rows, as Xpra finds scrolling: for each column of cells, the 64-pixel row
 * segments of the previous screen by hash; one distinctive row of each changed cell votes for
 * every place it was before. A fixed sidebar or a second pane just votes in its own columns.
 */
function verticalOffsets(before: Int32Array, after: Int32Array, width: number, height: number, cells: Cell[]): number[] {
  const votes = new Map<number, number>();
  const byColumn = new Map<number, Cell[]>();
  for (const cell of cells) byColumn.set(cell.x, [...(byColumn.get(cell.x) ?? []), cell]);
  for (const [x, column] of byColumn) {
    const rowsByHash = new Map<number, number[]>();
    for (let y = 0; y < height; y += 1) {
      if (isFlatSegment(before, width, x, y)) continue;
      const hash = segmentHash(before, width, x, y);
      const rows = rowsByHash.get(hash);
      if (rows) rows.push(y);
      else rowsByHash.set(hash, [y]);
    }
    for (const cell of column) {
      const row = firstDistinctRow(after, width, cell);
      const places = row === undefined ? undefined : rowsByHash.get(segmentHash(after, width, x, row));
      // A row found in many places (a repeated line) says nothing about where this cell was.
      if (!places || places.length > MAX_CHECKS_PER_CELL) continue;
      for (const y of places) if (y !== row) votes.set(offsetKey(0, y - row!), (votes.get(offsetKey(0, y - row!)) ?? 0) + 1);
    }
  }
  return mostVoted(votes);
}

function firstDistinctRow(data: Int32Array, width: number, cell: Cell): number | undefined {
  for (let y = cell.y; y < cell.y + MOTION_CELL; y += 1) if (!isFlatSegment(data, width, cell.x, y)) return y;
  return undefined;
}

function segmentHash(data: Int32Array, width: number, x: number, y: number): number {
  let hash = 0;
  for (let i = y * width + x, end = i + MOTION_CELL; i < end; i += 1) hash = (Math.imul(hash, ROW_BASE) + data[i]!) | 0;
  return hash;
}

function isFlatSegment(data: Int32Array, width: number, x: number, y: number): boolean {
  const start = y * width + x;
  const first = data[start]!;
  for (let i = start + 1; i < start + MOTION_CELL; i += 1) if (data[i] !== first) return false;
  return true;
}

interface Cell {
  x: number;
  y: number;
}

/** Changed whole cells that are not one flat colour (a flat cell matches everywhere and tells nothing). */
function informativeCells(after: Int32Array, width: number, height: number, changed: Uint8Array, columns: number): Cell[] {
  const cells: Cell[] = [];
  changed.forEach((isChanged, index) => {
    const x = (index % columns) * MOTION_CELL;
    const y = Math.floor(index / columns) * MOTION_CELL;
    if (!isChanged || x + MOTION_CELL > width || y + MOTION_CELL > height || isFlat(after, width, x, y)) return;
    cells.push({ x, y });
  });
  return cells;
}

function isFlat(data: Int32Array, width: number, x: number, y: number): boolean {
  const first = data[y * width + x]!;
  for (let row = 0; row < MOTION_CELL; row += 1) {
    const start = (y + row) * width + x;
    for (let i = start; i < start + MOTION_CELL; i += 1) if (data[i] !== first) return false;
  }
  return true;
}

/*
 * The two rolling passes, kept small and in int32 arithmetic (Math.imul, | 0) so V8 keeps every
 * value a small integer: a pixel read as a signed word, never a double.
 */
function rollRows(pixels: Int32Array, width: number, height: number, span: number, power: number, out: Int32Array): void {
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    const at = y * span;
    let hash = 0;
    for (let x = 0; x < MOTION_CELL; x += 1) hash = (Math.imul(hash, ROW_BASE) + pixels[row + x]!) | 0;
    out[at] = hash;
    for (let x = 1; x < span; x += 1) {
      hash = (Math.imul(hash, ROW_BASE) + pixels[row + x + MOTION_CELL - 1]! - Math.imul(pixels[row + x - 1]!, power)) | 0;
      out[at + x] = hash;
    }
  }
}

function rollColumns(
  rowHashes: Int32Array,
  span: number,
  height: number,
  power: number,
  columns: Int32Array,
  filter: Uint8Array,
  candidate: (x: number, top: number, hash: number) => void,
): void {
  columns.fill(0, 0, span);
  for (let y = 0; y < height; y += 1) {
    const row = y * span;
    const leaving = (y - MOTION_CELL) * span;
    const full = y >= MOTION_CELL - 1;
    for (let x = 0; x < span; x += 1) {
      let hash = (Math.imul(columns[x]!, COLUMN_BASE) + rowHashes[row + x]!) | 0;
      if (leaving >= 0) hash = (hash - Math.imul(rowHashes[leaving + x]!, power)) | 0;
      columns[x] = hash;
      if (full && filter[(hash >>> 3) & FILTER_MASK]! & (1 << (hash & 7))) candidate(x, y - MOTION_CELL + 1, hash);
    }
  }
}

/** The hash windowHash gives and the rolling pass reproduces: rows along, then columns down. */
function windowHash(data: Int32Array, width: number, x: number, y: number): number {
  let hash = 0;
  for (let row = 0; row < MOTION_CELL; row += 1) {
    let rowHash = 0;
    const start = (y + row) * width + x;
    for (let i = start; i < start + MOTION_CELL; i += 1) rowHash = (Math.imul(rowHash, ROW_BASE) + data[i]!) | 0;
    hash = (Math.imul(hash, COLUMN_BASE) + rowHash) | 0;
  }
  return hash;
}

/**
 * Turns voted offsets into copies: each changed cell takes the first offset (most voted first)
 * under which it matches exactly; when the top offset is a scroll, so does each unchanged cell
 * that matches it (blank page between paragraphs), so a scrolled pane becomes a few large
 * copies, not many small ones. Cells of one offset merge into rectangles; each grows to the exact edge of what
 * moved, into cells no copy claims.
 */
function buildCopies(
  before: Int32Array,
  after: Int32Array,
  width: number,
  height: number,
  changed: Uint8Array,
  columns: number,
  offsets: number[],
  cells: Cell[],
): { copies: CopyRect[]; unexplained: number } {
  const rows = changed.length / columns;
  const assigned = new Int8Array(changed.length).fill(-1);
  const cellMatches = (index: number, key: number) => {
    const x = (index % columns) * MOTION_CELL;
    const y = Math.floor(index / columns) * MOTION_CELL;
    const w = Math.min(MOTION_CELL, width - x);
    const h = Math.min(MOTION_CELL, height - y);
    const { dx, dy } = offsetOf(key);
    const inside = x + dx >= 0 && y + dy >= 0 && x + dx + w <= width && y + dy + h <= height;
    return inside && sameBlock(before, after, width, x + dx, y + dy, x, y, w, h);
  };
  // A scrolled pane has blank stretches that did not change; a dragged window moves as one block.
  const top = offsetOf(offsets[0]!);
  const isScroll = top.dx === 0 || top.dy === 0;
  changed.forEach((isChanged, index) => {
    if (isChanged) assigned[index] = offsets.findIndex((key) => cellMatches(index, key));
    else if (isScroll && cellMatches(index, offsets[0]!)) assigned[index] = 0;
  });
  const copies: CopyRect[] = [];
  const targetOf = (copy: CopyRect): Rect => ({ x: copy.targetX, y: copy.targetY, width: copy.width, height: copy.height });
  offsets.forEach((key, offsetIndex) => {
    const { dx, dy } = offsetOf(key);
    // A growing copy stops at any copy's target and at cells of other offsets; it may grow over
    // cells of its own offset (a ragged window edge), which their own rects then leave out.
    const claimed = (strip: Rect) => {
      if (copies.some((copy) => overlaps(strip, targetOf(copy)))) return true;
      for (let row = Math.floor(strip.y / MOTION_CELL); row <= Math.floor((strip.y + strip.height - 1) / MOTION_CELL); row += 1) {
        for (let column = Math.floor(strip.x / MOTION_CELL); column <= Math.floor((strip.x + strip.width - 1) / MOTION_CELL); column += 1) {
          const owner = assigned[row * columns + column]!;
          if (owner >= 0 && owner !== offsetIndex) return true;
        }
      }
      return false;
    };
    const kinds = Uint8Array.from(assigned, (assignedTo) => (assignedTo === offsetIndex ? 1 : 0));
    const largestFirst = mergeCells(kinds, columns, rows).sort((a, b) => b.width * b.height - a.width * a.height);
    for (const cells of largestFirst) {
      const target = {
        x: cells.x * MOTION_CELL,
        y: cells.y * MOTION_CELL,
        width: Math.min(cells.width * MOTION_CELL, width - cells.x * MOTION_CELL),
        height: Math.min(cells.height * MOTION_CELL, height - cells.y * MOTION_CELL),
      };
      const pieces = copies.some((copy) => overlaps(target, targetOf(copy)))
        ? copies.reduce((left, copy) => left.flatMap((piece) => subtract(piece, targetOf(copy))), [target])
        : [grow(before, after, width, height, target, dx, dy, claimed)];
      for (const piece of pieces)
        copies.push({ sourceX: piece.x + dx, sourceY: piece.y + dy, targetX: piece.x, targetY: piece.y, width: piece.width, height: piece.height });
    }
  });
  const unexplained = cells.filter((cell) => assigned[(cell.y / MOTION_CELL) * columns + cell.x / MOTION_CELL]! < 0).length;
  return { copies: orderCopies(copies), unexplained };
}

/** What is left of `rect` outside `hole`: up to four rects (above, below, left, right). */
function subtract(rect: Rect, hole: Rect): Rect[] {
  if (!overlaps(rect, hole)) return [rect];
  const top = Math.max(rect.y, hole.y);
  const bottom = Math.min(rect.y + rect.height, hole.y + hole.height);
  const pieces: Rect[] = [
    { x: rect.x, y: rect.y, width: rect.width, height: top - rect.y },
    { x: rect.x, y: bottom, width: rect.width, height: rect.y + rect.height - bottom },
    { x: rect.x, y: top, width: Math.max(rect.x, hole.x) - rect.x, height: bottom - top },
    { x: hole.x + hole.width, y: top, width: rect.x + rect.width - (hole.x + hole.width), height: bottom - top },
  ];
  return pieces.filter((piece) => piece.width > 0 && piece.height > 0);
}

/**
 * Grows a copy target by rows and columns while the moved pixels still match, up to a cell's
 * width each way (past that a whole cell would have matched), never into a claimed cell.
 */
function grow(
  before: Int32Array,
  after: Int32Array,
  width: number,
  height: number,
  rect: Rect,
  dx: number,
  dy: number,
  claimed: (strip: Rect) => boolean,
): Rect {
  const grown = { ...rect };
  const free = (candidate: Rect) =>
    candidate.x >= 0 &&
    candidate.y >= 0 &&
    candidate.x + dx >= 0 &&
    candidate.y + dy >= 0 &&
    candidate.x + candidate.width <= width &&
    candidate.y + candidate.height <= height &&
    candidate.x + dx + candidate.width <= width &&
    candidate.y + dy + candidate.height <= height &&
    !claimed(candidate);
  const matches = (strip: Rect) => free(strip) && sameBlock(before, after, width, strip.x + dx, strip.y + dy, strip.x, strip.y, strip.width, strip.height);
  for (let step = 0; step < MOTION_CELL - 1 && matches({ x: grown.x, y: grown.y - 1, width: grown.width, height: 1 }); step += 1) {
    grown.y -= 1;
    grown.height += 1;
  }
  for (let step = 0; step < MOTION_CELL - 1 && matches({ x: grown.x, y: grown.y + grown.height, width: grown.width, height: 1 }); step += 1) grown.height += 1;
  for (let step = 0; step < MOTION_CELL - 1 && matches({ x: grown.x - 1, y: grown.y, width: 1, height: grown.height }); step += 1) {
    grown.x -= 1;
    grown.width += 1;
  }
  for (let step = 0; step < MOTION_CELL - 1 && matches({ x: grown.x + grown.width, y: grown.y, width: 1, height: grown.height }); step += 1) grown.width += 1;
  return grown;
}

/**
 * Orders copies so that none reads from the target of an earlier one (copy A must go before B
 * when B writes where A reads). Copies come most voted offset first; one that would close a
 * cycle is left out, and its pixels go as pictures.
 */
function orderCopies(copies: CopyRect[]): CopyRect[] {
  let accepted: CopyRect[] = [];
  for (const copy of copies) {
    const ordered = topologicalOrder([...accepted, copy]);
    if (ordered) accepted = ordered;
  }
  return accepted;
}

function topologicalOrder(copies: CopyRect[]): CopyRect[] | undefined {
  const source = (copy: CopyRect) => ({ x: copy.sourceX, y: copy.sourceY, width: copy.width, height: copy.height });
  const target = (copy: CopyRect) => ({ x: copy.targetX, y: copy.targetY, width: copy.width, height: copy.height });
  const ordered: CopyRect[] = [];
  let left = copies;
  while (left.length > 0) {
    // Ready: no other copy still to come reads from where this one writes.
    const ready = left.filter((copy) => !left.some((other) => other !== copy && overlaps(source(other), target(copy))));
    if (ready.length === 0) return undefined;
    ordered.push(...ready);
    left = left.filter((copy) => !ready.includes(copy));
  }
  return ordered;
}

function sameBlock(
  before: Int32Array,
  after: Int32Array,
  width: number,
  fromX: number,
  fromY: number,
  toX: number,
  toY: number,
  w: number,
  h: number,
): boolean {
  for (let row = 0; row < h; row += 1) {
    const from = (fromY + row) * width + fromX;
    const to = (toY + row) * width + toX;
    for (let i = 0; i < w; i += 1) if (before[from + i] !== after[to + i]) return false;
  }
  return true;
}

function offsetKey(dx: number, dy: number): number {
  return (dy + 32768) * 65536 + (dx + 32768);
}

function offsetOf(key: number): { dx: number; dy: number } {
  return { dx: (key % 65536) - 32768, dy: Math.floor(key / 65536) - 32768 };
}

function power(base: number, exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i += 1) result = Math.imul(result, base);
  return result;
}

/** The RGBA bytes as one signed 32-bit word a pixel (copied only when the buffer is not 4-byte aligned). */
export function pixels32(data: Buffer): Int32Array {
  const aligned = data.byteOffset % 4 === 0 ? data : Buffer.from(data);
  return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >>> 2);
}
