import sharp from 'sharp';
import { expect, test } from 'vitest';
import { decodePicture, decodePictureChannels } from './decoder.js';
import { tilePlacements } from '@classcast/protocol';
import { drawTile, moveRect, type Pixels } from './tile-atlas.js';

/** What the picture chain does with a version 1 delta: each tile of the atlas drawn onto the picture. */
function applyTiles(picture: Pixels, atlas: Pixels & { channels?: number }, tiles: typeof layout): void {
  for (const placement of tilePlacements(tiles, picture.width, picture.height)) drawTile(picture, atlas, placement);
}

const layout = {
  tileSize: 8,
  atlasColumns: 2,
  tiles: [
    { column: 0, row: 0 },
    { column: 2, row: 1 },
  ],
};
const blankPicture = () => ({ data: new Uint8Array(24 * 16 * 4).fill(7), width: 24, height: 16 });

test('a JPEG atlas decoded as RGB lands on the RGBA picture exactly as its RGBA decode would', async () => {
  const raw = Buffer.from(Array.from({ length: 16 * 8 * 3 }, (_, i) => (i * 37) % 256));
  const jpeg = await sharp(raw, { raw: { width: 16, height: 8, channels: 3 } })
    .jpeg()
    .toBuffer();
  const rgb = await decodePictureChannels(jpeg);
  expect(rgb.channels).toBe(3);
  const [expanded, reference] = [blankPicture(), blankPicture()];
  applyTiles(expanded, rgb, layout);
  applyTiles(reference, await decodePicture(jpeg), layout);
  expect(Buffer.from(expanded.data).equals(Buffer.from(reference.data))).toBe(true);
  expect(expanded.data.every((byte) => byte === 7)).toBe(false);
});

test.each([
  [1, [90], [90, 90, 90, 255]],
  [2, [90, 40], [90, 90, 90, 40]],
  [3, [90, 40, 20], [90, 40, 20, 255]],
  [4, [90, 40, 20, 10], [90, 40, 20, 10]],
])('an atlas of %i channels is expanded to RGBA as its tiles are copied', (channels, pixel, rgba) => {
  const atlas = { data: new Uint8Array(Array.from({ length: 16 * 8 }, () => pixel).flat()), width: 16, height: 8, channels };
  const picture = blankPicture();
  applyTiles(picture, atlas, layout);
  const at = (x: number, y: number) => [...picture.data.subarray((y * 24 + x) * 4, (y * 24 + x) * 4 + 4)];
  expect(at(0, 0)).toEqual(rgba); // tile (0, 0)
  expect(at(23, 15)).toEqual(rgba); // tile (2, 1)
  expect(at(8, 0)).toEqual([7, 7, 7, 7]); // not a tile of this delta
});

test('bytes that are not a picture are a CodecError', async () => {
  await expect(decodePictureChannels(Buffer.from('no picture'))).rejects.toMatchObject({ code: 'CC_CODEC_BAD_IMAGE' });
});

test.each([
  ['up', { sourceX: 2, sourceY: 5, targetX: 2, targetY: 1 }],
  ['down', { sourceX: 2, sourceY: 1, targetX: 2, targetY: 5 }],
  ['left', { sourceX: 9, sourceY: 3, targetX: 4, targetY: 3 }],
  ['right', { sourceX: 4, sourceY: 3, targetX: 9, targetY: 3 }],
])('moveRect moves pixels %s over themselves as if the source were copied first', (_, at) => {
  const picture = { data: new Uint8Array(24 * 16 * 4).map((_, i) => (i * 13) % 251), width: 24, height: 16 };
  const before = Uint8Array.from(picture.data);
  const copy = { ...at, width: 12, height: 9 };
  moveRect(picture, copy);
  for (let y = 0; y < 16; y += 1) {
    for (let x = 0; x < 24; x += 1) {
      const inTarget = x >= copy.targetX && x < copy.targetX + 12 && y >= copy.targetY && y < copy.targetY + 9;
      const from = inTarget ? ((y - copy.targetY + copy.sourceY) * 24 + x - copy.targetX + copy.sourceX) * 4 : (y * 24 + x) * 4;
      expect([...picture.data.subarray((y * 24 + x) * 4, (y * 24 + x) * 4 + 4)]).toEqual([...before.subarray(from, from + 4)]);
    }
  }
});
