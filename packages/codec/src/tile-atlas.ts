/**
 * The Node compositor's drawing on raw RGBA pixels: a rect of a decoded delta picture drawn onto
 * the picture, and a copy op moving pixels within it (browser-safe byte copies, no sharp).
 */
import type { CopyRect, TilePlacement } from '@classcast/protocol';
import { BYTES_PER_PIXEL } from './raw-frame.js';

export interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Draws one tile of a decoded atlas (1-4 channels) onto the RGBA `picture`. */
export function drawTile(picture: Pixels, atlas: Pixels & { channels?: number }, place: TilePlacement): void {
  const channels = atlas.channels ?? BYTES_PER_PIXEL;
  if (channels === BYTES_PER_PIXEL) copyRect(atlas, place.atlasX, place.atlasY, picture, place.frameX, place.frameY, place.width, place.height);
  else expandRect(atlas, channels, place, picture);
}

/**
 * Moves a rectangle of `picture` within itself (a copy op of a delta). Rows are copied in the
 * order that never reads a row already overwritten: bottom-up when moving down; within a row
 * copyWithin is a memmove.
 */
export function moveRect(picture: Pixels, copy: CopyRect): void {
  const rowBytes = copy.width * BYTES_PER_PIXEL;
  const stride = picture.width * BYTES_PER_PIXEL;
  const down = copy.targetY > copy.sourceY;
  for (let i = 0; i < copy.height; i += 1) {
    const row = down ? copy.height - 1 - i : i;
    const source = (copy.sourceY + row) * stride + copy.sourceX * BYTES_PER_PIXEL;
    picture.data.copyWithin((copy.targetY + row) * stride + copy.targetX * BYTES_PER_PIXEL, source, source + rowBytes);
  }
}

function expandRect(from: Pixels, channels: number, place: TilePlacement, to: Pixels): void {
  const colour = channels >= 3; // 1 and 2 channels are grey
  const alpha = channels === 2 || channels === 4;
  for (let row = 0; row < place.height; row += 1) {
    let source = ((place.atlasY + row) * from.width + place.atlasX) * channels;
    let target = ((place.frameY + row) * to.width + place.frameX) * BYTES_PER_PIXEL;
    for (let column = 0; column < place.width; column += 1, source += channels, target += BYTES_PER_PIXEL) {
      const red = from.data[source]!;
      to.data[target] = red;
      to.data[target + 1] = colour ? from.data[source + 1]! : red;
      to.data[target + 2] = colour ? from.data[source + 2]! : red;
      to.data[target + 3] = alpha ? from.data[source + channels - 1]! : 255;
    }
  }
}

/** Copies a width x height rectangle of RGBA pixels from one picture to another (different buffers). */
export function copyRect(from: Pixels, fromX: number, fromY: number, to: Pixels, toX: number, toY: number, width: number, height: number): void {
  const rowBytes = width * BYTES_PER_PIXEL;
  for (let row = 0; row < height; row += 1) {
    const source = ((fromY + row) * from.width + fromX) * BYTES_PER_PIXEL;
    to.data.set(from.data.subarray(source, source + rowBytes), ((toY + row) * to.width + toX) * BYTES_PER_PIXEL);
  }
}
