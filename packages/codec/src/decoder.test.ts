import { expect, test } from 'vitest';
import sharp from 'sharp';
import { decodePicture, readPictureSize } from './decoder.js';

const solid = (width: number, height: number, background: string, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background } }).png().toBuffer();

test('a picture decodes to RGBA', async () => {
  const picture = await decodePicture(await solid(3, 2, '#ff8000'));
  expect(picture).toMatchObject({ width: 3, height: 2, channels: 4 });
  expect(picture.data.length).toBe(3 * 2 * 4);
  expect([...picture.data.subarray(0, 4)]).toEqual([255, 128, 0, 255]);
});

test('a greyscale picture decodes to RGBA too (4 channels, grey in each colour)', async () => {
  const grey = await sharp(Buffer.from([10, 200]), { raw: { width: 2, height: 1, channels: 1 } })
    .png()
    .toBuffer();
  const picture = await decodePicture(grey);
  expect(picture.data.length).toBe(2 * 4);
  expect([...picture.data]).toEqual([10, 10, 10, 255, 200, 200, 200, 255]);
});

test('fit letterboxes a wide picture with black bars above and below', async () => {
  const picture = await decodePicture(await solid(200, 100, '#00ff00'), { fit: { width: 100, height: 100 } });
  expect([picture.width, picture.height]).toEqual([100, 100]);
  const pixel = (x: number, y: number) => [...picture.data.subarray((y * 100 + x) * 4, (y * 100 + x) * 4 + 4)];
  expect(pixel(50, 5)).toEqual([0, 0, 0, 255]);
  expect(pixel(50, 50)).toEqual([0, 255, 0, 255]);
  expect(pixel(50, 95)).toEqual([0, 0, 0, 255]);
});

test('flatten paints transparent pixels onto a colour', async () => {
  const transparent = await solid(2, 2, 'rgba(0, 0, 0, 0)', 4);
  const picture = await decodePicture(transparent, { flatten: '#ffffff' });
  expect([...picture.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
});

test('EXIF rotation is applied, so a phone photo of a slide stands upright', async () => {
  const rotated = await sharp({ create: { width: 40, height: 10, channels: 3, background: '#888888' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  expect(await readPictureSize(rotated)).toEqual({ width: 10, height: 40 });
  expect(await decodePicture(rotated)).toMatchObject({ width: 10, height: 40 });
});

test.each([
  ['garbage', Buffer.from('definitely not a picture')],
  ['nothing', Buffer.alloc(0)],
])('%s is refused with CC_CODEC_BAD_IMAGE', async (_name, bytes) => {
  await expect(decodePicture(bytes)).rejects.toMatchObject({ code: 'CC_CODEC_BAD_IMAGE' });
  await expect(readPictureSize(bytes)).rejects.toThrow(/not a picture that can be decoded/);
});

test('a truncated picture is refused, not half-drawn', async () => {
  const bytes = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123456' } })
    .jpeg()
    .toBuffer();
  await expect(decodePicture(bytes.subarray(0, bytes.length / 2))).rejects.toMatchObject({
    code: 'CC_CODEC_BAD_IMAGE',
  });
});

test('bad decode options are refused', async () => {
  const bytes = await solid(2, 2, '#000000');
  await expect(decodePicture(bytes, { fit: { width: 0, height: 10 } })).rejects.toMatchObject({
    code: 'CC_CODEC_BAD_OPTIONS',
  });
  await expect(decodePicture(bytes, { flatten: 'white' })).rejects.toThrow(/flatten colour "white" is not #rrggbb/);
});
