/**
 * The viewer's picture decoder and canvas surface in Debian's Chromium (a secure page, so
 * ImageDecoder exists): what the surface draws tiles from, and that the tiles land right.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, TEST_ORIGIN } from '../../../../test-support/browser-page.js';

const SOURCE = fileURLToPath(new URL('./canvas-surface.ts', import.meta.url));
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  const bundle = await build({ entryPoints: [SOURCE], bundle: true, format: 'iife', globalName: 'canvasSurface', platform: 'browser', write: false });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.route(`${TEST_ORIGIN}/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>surface</title>' }));
  await page.goto(`${TEST_ORIGIN}/`);
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
});
afterAll(async () => {
  await browser?.close();
});

/** A small atlas of 8 × 4 tiles of 16 px, each a flat grey of its own (a JPEG keeps flat tiles). */
async function atlasJpeg(): Promise<{ base64: string; levels: number[] }> {
  const levels = Array.from({ length: 32 }, (_, i) => 40 + i * 6);
  const data = Buffer.alloc(128 * 64 * 3);
  for (let y = 0; y < 64; y += 1) {
    for (let x = 0; x < 128; x += 1) data.fill(levels[Math.floor(y / 16) * 8 + Math.floor(x / 16)]!, (y * 128 + x) * 3, (y * 128 + x) * 3 + 3);
  }
  const jpeg = await sharp(data, { raw: { width: 128, height: 64, channels: 3 } })
    .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
    .toBuffer();
  return { base64: jpeg.toString('base64'), levels };
}

test('a small atlas is decoded to an ImageBitmap, not a VideoFrame, and its 32 tiles land where they belong', async () => {
  const { base64, levels } = await atlasJpeg();
  const result = await page.evaluate(async (atlas) => {
    const { canvasPictureDecoder, createCanvasSurface, SMALL_PICTURE_BYTES } = (window as unknown as { canvasSurface: typeof import('./canvas-surface.js') })
      .canvasSurface;
    const bytes = Uint8Array.from(atob(atlas), (char) => char.charCodeAt(0));
    const picture = await canvasPictureDecoder.decode(bytes, 'jpeg');
    const kind = picture.constructor.name;
    // Every drawImage from a VideoFrame converts the whole frame again (docs/BENCHMARKS.md, run 7).
    const visible = document.createElement('canvas');
    const surface = createCanvasSurface(visible);
    const blank = await createImageBitmap(new ImageData(128, 64));
    surface.reset(blank, 128, 64);
    // Tile i of the atlas goes to the mirrored place in the frame, as a delta's placements would.
    for (let i = 0; i < 32; i += 1) {
      const atlasX = (i % 8) * 16;
      const atlasY = Math.floor(i / 8) * 16;
      surface.patch(picture, { atlasX, atlasY, frameX: 112 - atlasX, frameY: 48 - atlasY, width: 16, height: 16 });
    }
    surface.present();
    picture.close();
    const context = visible.getContext('2d')!;
    const shown = Array.from({ length: 32 }, (_, i) => context.getImageData(112 - (i % 8) * 16 + 8, 48 - Math.floor(i / 8) * 16 + 8, 1, 1).data[0]!);
    return { kind, shown, small: bytes.length <= SMALL_PICTURE_BYTES, hasImageDecoder: typeof ImageDecoder !== 'undefined' };
  }, base64);
  expect(result).toMatchObject({ kind: 'ImageBitmap', small: true, hasImageDecoder: true });
  result.shown.forEach((level, i) => expect(Math.abs(level - levels[i]!), `tile ${i}`).toBeLessThanOrEqual(3));
});
