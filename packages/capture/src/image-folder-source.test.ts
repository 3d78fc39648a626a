import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawFrame } from '@classcast/codec';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createImageFolderSource } from './image-folder-source.js';
import { readTestPatternCounter } from './test-pattern-reader.js';
import { renderTestPattern } from './test-pattern.js';

let root: string;
let deck: string;

const patternSlide = (n: number, width: number, height: number) => sharp(renderTestPattern(n, width, height), { raw: { width, height, channels: 4 } });
const solidSlide = (width: number, height: number, background: string, channels: 3 | 4 = 3) => sharp({ create: { width, height, channels, background } });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'classcast-slides-'));
  deck = join(root, 'deck');
  await mkdir(deck);
  // Natural order: slide1, slide2, slide3, slide4, slide10. Sizes differ; the first one rules.
  await writeFile(join(deck, 'slide10.webp'), await solidSlide(300, 300, '#3366cc').webp({ lossless: true }).toBuffer());
  await writeFile(join(deck, 'slide2.jpg'), await patternSlide(2, 640, 360).jpeg({ quality: 90 }).toBuffer());
  await writeFile(join(deck, 'slide1.png'), await patternSlide(1, 1280, 720).png().toBuffer());
  await writeFile(join(deck, 'slide3.png'), await solidSlide(200, 100, 'rgba(0, 0, 0, 0)', 4).png().toBuffer());
  await writeFile(join(deck, 'Slide4.JPEG'), await solidSlide(1280, 720, '#ff0000').jpeg().toBuffer());
  await writeFile(join(deck, 'notes.txt'), 'not a slide');
  await mkdir(join(deck, 'old.png')); // a folder with a picture's name is not a slide
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function pixel(frame: RawFrame, x: number, y: number): number[] {
  const at = (y * frame.width + x) * 4;
  return [...frame.data.subarray(at, at + 4)];
}

test('shows slides in natural order, secondsPerSlide each, all at the first slide size, then cycles', async () => {
  let clock = 1_000_000;
  const source = await createImageFolderSource({ folder: deck, secondsPerSlide: 2, now: () => clock });
  expect(source).toMatchObject({ width: 1280, height: 720 });
  expect(source.name).toMatch(/deck \(5\)$/);
  const at = async (ms: number) => {
    clock = 1_000_000 + ms;
    const frame = await source.next();
    expect(frame).toMatchObject({ width: 1280, height: 720, pixelFormat: 'rgba', capturedAt: clock });
    expect(frame.data.length).toBe(1280 * 720 * 4);
    return frame;
  };

  expect(readTestPatternCounter(await at(0))).toBe(1);
  expect(readTestPatternCounter(await at(1999))).toBe(1);
  // 640x360 scaled up to fill 1280x720 exactly.
  expect(readTestPatternCounter(await at(2000), { width: 640, height: 360 })).toBe(2);
  // 2:1 transparent slide: white (flattened), letterboxed with black bars above and below.
  const third = await at(4000);
  expect(pixel(third, 640, 360)).toEqual([255, 255, 255, 255]);
  expect(pixel(third, 640, 10)).toEqual([0, 0, 0, 255]);
  expect(pixel(third, 640, 710)).toEqual([0, 0, 0, 255]);
  // Upper-case extension counts.
  const [red, green, blue] = pixel(await at(6000), 640, 360);
  expect(red).toBeGreaterThan(240);
  expect(green! + blue!).toBeLessThan(20);
  // Square slide: bars left and right.
  const square = await at(8000);
  expect(pixel(square, 640, 360)).toEqual([0x33, 0x66, 0xcc, 255]);
  expect(pixel(square, 10, 360)).toEqual([0, 0, 0, 255]);
  expect(pixel(square, 1270, 360)).toEqual([0, 0, 0, 255]);
  // And round again.
  expect(readTestPatternCounter(await at(10_000))).toBe(1);

  await source.close();
  await expect(source.next()).rejects.toMatchObject({ code: 'CC_CAPTURE_CLOSED' });
});

describe('a folder that cannot be shown fails when the source opens, in one clear line', () => {
  test('missing folder', async () => {
    await expect(createImageFolderSource({ folder: join(root, 'nope') })).rejects.toMatchObject({
      code: 'CC_CAPTURE_NO_SLIDES',
      message: `slide folder ${join(root, 'nope')} does not exist`,
    });
  });

  test('a file, not a folder', async () => {
    await expect(createImageFolderSource({ folder: join(deck, 'notes.txt') })).rejects.toThrow(/is not a folder/);
  });

  test('a folder without pictures', async () => {
    const empty = join(root, 'empty');
    await mkdir(empty);
    await writeFile(join(empty, 'readme.md'), '# nothing');
    await expect(createImageFolderSource({ folder: empty })).rejects.toMatchObject({
      code: 'CC_CAPTURE_NO_SLIDES',
      message: `slide folder ${empty} has no slides: put .png, .jpg, .jpeg, .webp files in it`,
    });
  });

  test('a slide that is not a picture is named', async () => {
    const broken = join(root, 'broken');
    await mkdir(broken);
    await writeFile(join(broken, 'a.png'), await solidSlide(8, 8, '#000000').png().toBuffer());
    await writeFile(join(broken, 'b.png'), 'this is text with a .png name');
    const opening = createImageFolderSource({ folder: broken });
    await expect(opening).rejects.toMatchObject({ code: 'CC_CAPTURE_BAD_SLIDE' });
    await expect(opening).rejects.toThrow(`slide ${join(broken, 'b.png')}: not a picture that can be decoded`);
  });

  test('secondsPerSlide must be positive', async () => {
    await expect(createImageFolderSource({ folder: deck, secondsPerSlide: 0 })).rejects.toMatchObject({
      code: 'CC_CAPTURE_BAD_OPTIONS',
    });
  });
});
