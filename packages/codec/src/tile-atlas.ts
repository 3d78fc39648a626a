/**
 * Packs the changed tiles of a frame into one atlas picture and unpacks an atlas onto a picture:
 * the two halves of a delta frame, in plain byte copies (browser-safe, no sharp).
 */
import { atlasSize, tilePlacements, type TileContainer, type TilePosition } from '@classcast/protocol';
import { BYTES_PER_PIXEL } from './raw-frame.js';

export interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
}

type Layout = Pick<TileContainer, 'tileSize' | 'atlasColumns' | 'tiles'>;

/** A near-square atlas: fewest padding cells for N tiles. */
export function atlasColumnsFor(tileCount: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(tileCount)));
}

export function packTiles(frame: Pixels, tiles: TilePosition[], tileSize: number): { layout: Layout; atlas: Pixels } {
  const layout: Layout = { tileSize, atlasColumns: atlasColumnsFor(tiles.length), tiles };
  const size = atlasSize(layout);
  const atlas = { data: new Uint8Array(size.width * size.height * BYTES_PER_PIXEL), width: size.width, height: size.height };
  for (const place of tilePlacements(layout, frame.width, frame.height)) {
    copyRect(frame, place.frameX, place.frameY, atlas, place.atlasX, place.atlasY, place.width, place.height);
  }
  return { layout, atlas };
}

/** Draws each tile of a decoded atlas onto `picture` (the compositor of delta frames, on raw pixels). */
export function applyTiles(picture: Pixels, atlas: Pixels, layout: Layout): void {
  for (const place of tilePlacements(layout, picture.width, picture.height)) {
    copyRect(atlas, place.atlasX, place.atlasY, picture, place.frameX, place.frameY, place.width, place.height);
  }
}

function copyRect(from: Pixels, fromX: number, fromY: number, to: Pixels, toX: number, toY: number, width: number, height: number): void {
  const rowBytes = width * BYTES_PER_PIXEL;
  for (let row = 0; row < height; row += 1) {
    const source = ((fromY + row) * from.width + fromX) * BYTES_PER_PIXEL;
    to.data.set(from.data.subarray(source, source + rowBytes), ((toY + row) * to.width + toX) * BYTES_PER_PIXEL);
  }
}
