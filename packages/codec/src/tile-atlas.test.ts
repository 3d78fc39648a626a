import sharp from 'sharp';
import { expect, test } from 'vitest';
import { decodePicture, decodePictureChannels } from './decoder.js';
import { applyTiles } from './tile-atlas.js';

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
