/**
 * The value of a delta frame, version 1: the tiles of the screen that changed since the previous
 * frame, packed into one picture (the atlas) so a delta costs one encode and one decode.
 *
 *   offset  size   field
 *   0       4      magic "CCD1"
 *   4       2      tile size in pixels (u16 BE, 8..1024, a multiple of 8 so JPEG blocks never
 *                  straddle two tiles of the atlas)
 *   6       2      atlas columns (u16 BE, ≥ 1)
 *   8       4      tile count N (u32 BE, 1..tiles in the frame)
 *   12      4·N    per tile: column, row in the frame's tile grid (u16 BE each), strictly
 *                  increasing in row-major order (so no tile appears twice)
 *   12+4N   …      the atlas picture (JPEG / WebP / PNG, as the frame's cc.codec): tile i sits at
 *                  atlas cell (i mod columns, ⌊i / columns⌋); tiles at the frame's right and bottom
 *                  edge are clipped to the frame, the rest of their cell is padding
 */
import { FrameFormatError } from './errors.js';
import { sniffImageCodec, type ImageCodec } from './image-signature.js';

export const TILE_CONTAINER_MAGIC = [0x43, 0x43, 0x44, 0x31] as const; // "CCD1"
const FIXED_HEADER_BYTES = 12;

export interface TilePosition {
  column: number;
  row: number;
}

export interface TileContainer {
  tileSize: number;
  atlasColumns: number;
  tiles: TilePosition[];
  atlas: Uint8Array;
}

/** Where tile i is in the frame and in the atlas, clipped to the frame. */
export interface TilePlacement {
  frameX: number;
  frameY: number;
  atlasX: number;
  atlasY: number;
  width: number;
  height: number;
}

export function tileGrid(width: number, height: number, tileSize: number): { columns: number; rows: number } {
  return { columns: Math.ceil(width / tileSize), rows: Math.ceil(height / tileSize) };
}

export function atlasSize(container: Pick<TileContainer, 'tileSize' | 'atlasColumns' | 'tiles'>): { width: number; height: number } {
  const rows = Math.ceil(container.tiles.length / container.atlasColumns);
  return { width: container.atlasColumns * container.tileSize, height: rows * container.tileSize };
}

export function tilePlacements(
  container: Pick<TileContainer, 'tileSize' | 'atlasColumns' | 'tiles'>,
  frameWidth: number,
  frameHeight: number,
): TilePlacement[] {
  const size = container.tileSize;
  return container.tiles.map(({ column, row }, index) => ({
    frameX: column * size,
    frameY: row * size,
    atlasX: (index % container.atlasColumns) * size,
    atlasY: Math.floor(index / container.atlasColumns) * size,
    width: Math.min(size, frameWidth - column * size),
    height: Math.min(size, frameHeight - row * size),
  }));
}

export function encodeTileContainer(container: TileContainer): Uint8Array {
  const bytes = new Uint8Array(FIXED_HEADER_BYTES + 4 * container.tiles.length + container.atlas.length);
  const view = new DataView(bytes.buffer);
  bytes.set(TILE_CONTAINER_MAGIC, 0);
  view.setUint16(4, container.tileSize);
  view.setUint16(6, container.atlasColumns);
  view.setUint32(8, container.tiles.length);
  container.tiles.forEach(({ column, row }, i) => {
    view.setUint16(FIXED_HEADER_BYTES + 4 * i, column);
    view.setUint16(FIXED_HEADER_BYTES + 4 * i + 2, row);
  });
  bytes.set(container.atlas, FIXED_HEADER_BYTES + 4 * container.tiles.length);
  return bytes;
}

/** Reads and checks a delta value against the frame it belongs to; throws FrameFormatError. */
export function decodeTileContainer(value: Uint8Array, frame: { width: number; height: number; codec: ImageCodec }): TileContainer {
  const bad = (why: string) => new FrameFormatError('CC_FRAME_BAD_PAYLOAD', `delta frame: ${why}`);
  if (value.length < FIXED_HEADER_BYTES || !TILE_CONTAINER_MAGIC.every((byte, i) => value[i] === byte)) {
    throw bad('value does not start with the CCD1 tile container magic');
  }
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const tileSize = view.getUint16(4);
  const atlasColumns = view.getUint16(6);
  const count = view.getUint32(8);
  if (tileSize < 8 || tileSize > 1024 || tileSize % 8 !== 0) throw bad(`tile size ${tileSize} is not a multiple of 8 in 8..1024`);
  const grid = tileGrid(frame.width, frame.height, tileSize);
  if (count < 1 || count > grid.columns * grid.rows) throw bad(`${count} tiles in a frame of ${grid.columns * grid.rows}`);
  if (atlasColumns < 1 || atlasColumns > count) throw bad(`atlas has ${atlasColumns} columns for ${count} tiles`);
  const atlasStart = FIXED_HEADER_BYTES + 4 * count;
  if (atlasStart >= value.length) throw bad('value ends before its atlas picture');
  const tiles: TilePosition[] = [];
  let previous = -1;
  for (let i = 0; i < count; i += 1) {
    const column = view.getUint16(FIXED_HEADER_BYTES + 4 * i);
    const row = view.getUint16(FIXED_HEADER_BYTES + 4 * i + 2);
    const linear = row * grid.columns + column;
    if (column >= grid.columns || row >= grid.rows) throw bad(`tile (${column}, ${row}) is outside the ${grid.columns}x${grid.rows} grid`);
    if (linear <= previous) throw bad('tiles are not in strictly increasing row-major order');
    previous = linear;
    tiles.push({ column, row });
  }
  const atlas = value.subarray(atlasStart);
  if (sniffImageCodec(atlas) !== frame.codec) throw bad(`atlas is not a ${frame.codec} picture`);
  return { tileSize, atlasColumns, tiles, atlas };
}
