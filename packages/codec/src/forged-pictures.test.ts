/**
 * Issue 16, item 5: a forged picture costs a viewer nothing. Real bombs of each codec (consistent
 * headers, small on the wire) go through the Node compositor (the one behind watch, record,
 * replay and export) and through sharp, which must refuse them before allocating their pixels.
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_MAX_PICTURE_PIXELS, type Frame } from '@classcast/protocol';
import { forgedKeyFrame, jpegBomb, pngBomb, webpBomb } from '@classcast/protocol/testing';
import { decodePicture } from './decoder.js';
import { createPictureCompositor } from './picture-compositor.js';

const BOMBS = { png: pngBomb, jpeg: jpegBomb, webp: webpBomb } as const;
const CODECS = Object.keys(BOMBS) as Array<keyof typeof BOMBS>;
const MB = 1024 * 1024;

describe.each(CODECS)('a %s bomb', (codec) => {
  test('is a real picture: made small, sharp decodes it to the size its headers declare', async () => {
    const picture = await decodePicture(await BOMBS[codec](300, 200));
    expect([picture.width, picture.height]).toEqual([300, 200]);
  });

  test('declaring 16000x16000 is refused by the Node compositor undecoded: under 64 MB and 100 ms', async () => {
    const bytes = await BOMBS[codec](16000, 16000);
    const forged = forgedKeyFrame(bytes, 16000, 16000, codec);
    const compositor = createPictureCompositor();
    // Warm up the path (sharp loaded, code compiled) with a picture it accepts.
    await compositor.apply(forgedKeyFrame(await BOMBS[codec](64, 64), 64, 64, codec, { sequence: 1, keySequence: 1 }));
    const before = process.memoryUsage();
    const started = performance.now();
    await expect(compositor.apply(forgedKeyFrame(bytes, 16000, 16000, codec))).rejects.toMatchObject({ code: 'CC_PICTURE_TOO_LARGE' });
    const elapsedMs = performance.now() - started;
    const after = process.memoryUsage();
    const grownMb = (Math.max(0, after.rss - before.rss) + Math.max(0, after.external - before.external)) / MB;
    console.log(
      `${codec} bomb: ${bytes.length} bytes declaring 16000x16000, refused in ${elapsedMs.toFixed(1)} ms, rss+external grew ${grownMb.toFixed(1)} MB`,
    );
    expect(elapsedMs).toBeLessThan(100);
    expect(grownMb).toBeLessThan(64);
    expect(forged.payload.length).toBeLessThan(1.1 * MB);
  });

  test('inside frame headers that say 4K is refused by its image header, before decoding', async () => {
    const compositor = createPictureCompositor();
    const lying = forgedKeyFrame(await BOMBS[codec](16000, 16000), 3840, 2160, codec);
    await expect(compositor.apply(lying)).rejects.toMatchObject({
      code: 'CC_PICTURE_TOO_LARGE',
      message: expect.stringMatching(/16000x16000 in its .* header/),
    });
  });

  test('sharp itself refuses it with the limit as limitInputPixels', async () => {
    await expect(decodePicture(await BOMBS[codec](16000, 16000), { maxPixels: DEFAULT_MAX_PICTURE_PIXELS })).rejects.toMatchObject({
      code: 'CC_CODEC_BAD_IMAGE',
      message: expect.stringMatching(/pixel limit/),
    });
  });
});

test('a picture whose image header is not the size of its frame header is refused undecoded', async () => {
  const compositor = createPictureCompositor();
  const frame: Frame = forgedKeyFrame(await pngBomb(800, 600), 640, 480, 'png');
  await expect(compositor.apply(frame)).rejects.toMatchObject({
    code: 'CC_FRAME_BAD_HEADER',
    message: 'keyframe 7 is 800x600 by its png header but 640x480 by its frame header (png)',
  });
});

test('the limit is the viewer option maxPixels: 4K by default, larger when asked', async () => {
  const uhd = forgedKeyFrame(await pngBomb(3840, 2160), 3840, 2160, 'png');
  expect(await createPictureCompositor().apply(uhd)).toMatchObject({ width: 3840, height: 2160 });
  const wider = forgedKeyFrame(await pngBomb(5120, 2880), 5120, 2880, 'png');
  await expect(createPictureCompositor().apply(wider)).rejects.toMatchObject({ code: 'CC_PICTURE_TOO_LARGE' });
  expect(await createPictureCompositor({ maxPixels: 5120 * 2880 }).apply(wider)).toMatchObject({ width: 5120, height: 2880 });
});
