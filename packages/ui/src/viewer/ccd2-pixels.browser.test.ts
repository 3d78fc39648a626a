/**
 * Issue 12, item 4, in Debian's Chromium: the viewer's compositor, picture decoder and canvas
 * surface draw version 2 deltas (copies, then rects from PNG and JPEG pictures) pixel for pixel
 * as the source screen was, and as Node's compositor (@classcast/codec) draws the same frames.
 * Pictures are real sharp-encoded PNG and JPEG; copies overlap their own targets (scrolls both
 * ways, a window dragged sideways and down), which only a surface that copies the source out
 * first draws right.
 */
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createFrameEncoder, createPictureCompositor, type RawFrame } from '@classcast/codec';
import {
  decodeDeltaContainer,
  decodeFrame,
  encodeDeltaContainer,
  encodeFrame,
  type CopyRect,
  type DeltaPicture,
  type DeltaRect,
  type Frame,
  type Rect,
} from '@classcast/protocol';
import { openViewerPage } from './viewer-page.browser-test-helpers.js';

const WIDTH = 320;
const HEIGHT = 200;
const SIDEBAR = 40;
let browser: Browser | undefined;
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ browser, page, errors } = await openViewerPage('<canvas></canvas>'));
});
afterAll(async () => {
  await browser?.close();
});

/** RGBA pixels of the frame size. */
type Rgba = Uint8Array;

function hash(x: number, y: number, salt: number): number {
  let h = Math.imul(x + 1, 73_856_093) ^ Math.imul(y + 1, 19_349_663) ^ Math.imul(salt, 83_492_791);
  h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Text-like: light paper with dark "ink" pixels, different in every row and column, so a copy one pixel off shows. */
function ink(x: number, y: number, salt: number): [number, number, number] {
  const h = hash(x, y, salt);
  return (h & 7) < 3 ? [h & 0x7f, (h >>> 8) & 0x7f, (h >>> 16) & 0x7f] : [250, 250, 244 + (salt % 8)];
}

/** Photo-like: smooth colour, which JPEG keeps close but not exact. */
function photo(x: number, y: number): [number, number, number] {
  return [128 + 90 * Math.sin(x / 11) * Math.cos(y / 15), 120 + 80 * Math.cos((x + y) / 19), 110 + 70 * Math.sin(y / 9)].map(Math.round) as [
    number,
    number,
    number,
  ];
}

interface Window extends Rect {
  kind: 'text' | 'photo';
}

/** A screen: a sidebar that stays, a page scrolled by `scroll` rows, windows on top (their content moves with them). */
function screen(scroll: number, windows: Window[], badge = 0): Rgba {
  const data = new Uint8Array(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y += 1) {
    for (let x = 0; x < WIDTH; x += 1) {
      const on = [...windows].reverse().find((w) => x >= w.x && x < w.x + w.width && y >= w.y && y < w.y + w.height);
      const inBadge = badge && x >= 4 && x < 36 && y >= 150 && y < 170;
      const colour = on
        ? on.kind === 'photo'
          ? photo(x - on.x, y - on.y)
          : ink(x - on.x, y - on.y, 5)
        : x < SIDEBAR
          ? ink(x, y, inBadge ? 9 : 1)
          : ink(x, y + scroll, 2);
      data.set([...colour, 255], (y * WIDTH + x) * 4);
    }
  }
  return data;
}

/** `rects` of `source` stacked in one picture of `codec`, with the placements that draw them back. */
async function picture(codec: 'png' | 'jpeg', index: number, source: Rgba, rects: Rect[]): Promise<{ picture: DeltaPicture; rects: DeltaRect[] }> {
  const width = Math.max(...rects.map((r) => r.width));
  const height = rects.reduce((sum, r) => sum + r.height, 0);
  const data = Buffer.alloc(width * height * 4, 255);
  const placements: DeltaRect[] = [];
  let atlasY = 0;
  for (const r of rects) {
    for (let row = 0; row < r.height; row += 1) {
      const from = ((r.y + row) * WIDTH + r.x) * 4;
      data.set(source.subarray(from, from + r.width * 4), (atlasY + row) * width * 4);
    }
    placements.push({ picture: index, atlasX: 0, atlasY, frameX: r.x, frameY: r.y, width: r.width, height: r.height });
    atlasY += r.height;
  }
  const image = sharp(data, { raw: { width, height, channels: 4 } }).removeAlpha();
  const bytes = codec === 'png' ? await image.png().toBuffer() : await image.jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer();
  return { picture: { codec, width, height, bytes: new Uint8Array(bytes) }, rects: placements };
}

const meta = { streamId: 'screen-0', width: WIDTH, height: HEIGHT, keySequence: 1, captureTime: 1_764_000_000_000, keyCaptureTime: 1_764_000_000_000 };

/** A delta: copies, then rects of `truth` from pictures, one list of rects (and its codec) per picture. */
async function delta(sequence: number, truth: Rgba, copies: CopyRect[], pictures: Array<['png' | 'jpeg', Rect[]]>): Promise<Frame> {
  const made = await Promise.all(pictures.map(([codec, rects], i) => picture(codec, i, truth, rects)));
  const payload = encodeDeltaContainer({ copies, pictures: made.map((m) => m.picture), rects: made.flatMap((m) => m.rects) });
  return { ...meta, kind: 'delta', codec: 'png', sequence, captureTime: meta.captureTime + sequence, payload };
}

/**
 * Which pixels hold lossless values after each frame: a PNG or lossless WebP keyframe or rect sets
 * them, a JPEG (or lossy WebP) clears them, a copy moves them (from the picture before the frame, as the format defines).
 */
function losslessMasks(frames: Frame[]): Uint8Array[] {
  let mask = new Uint8Array(0);
  return frames.map((frame) => {
    const { width } = frame;
    if (frame.kind === 'key') mask = new Uint8Array(width * frame.height).fill(lossless(frame.payload) ? 1 : 0);
    else {
      const { copies, pictures, rects } = decodeDeltaContainer(frame.payload, frame);
      const before = mask;
      mask = before.slice();
      for (const c of copies)
        forEachPixel(width, c.targetX, c.targetY, c.width, c.height, (i, dx, dy) => (mask[i] = before[(c.sourceY + dy) * width + c.sourceX + dx]!));
      for (const r of rects) forEachPixel(width, r.frameX, r.frameY, r.width, r.height, (i) => (mask[i] = lossless(pictures[r.picture]!.bytes) ? 1 : 0));
    }
    return mask;
  });
}

/** PNG, or WebP whose first chunk is VP8L (lossless); JPEG and VP8 WebP are lossy. */
function lossless(bytes: Uint8Array): boolean {
  const text = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  return text(1, 4) === 'PNG' || (text(8, 12) === 'WEBP' && text(12, 16) === 'VP8L');
}

/** Visits the rect (x, y, width, height) of a picture `stride` pixels wide. */
function forEachPixel(stride: number, x: number, y: number, width: number, height: number, visit: (index: number, dx: number, dy: number) => void): void {
  for (let dy = 0; dy < height; dy += 1) for (let dx = 0; dx < width; dx += 1) visit((y + dy) * stride + x + dx, dx, dy);
}

/** Pixels (x, y) where the two pictures differ in R, G or B, among those whose mask is `want`. */
function differences(a: Rgba, b: Rgba, mask: Uint8Array, want: number, width: number): string[] {
  const found: string[] = [];
  for (let i = 0; i < mask.length && found.length < 5; i += 1) {
    if (mask[i] !== want) continue;
    if (a[i * 4] !== b[i * 4] || a[i * 4 + 1] !== b[i * 4 + 1] || a[i * 4 + 2] !== b[i * 4 + 2]) {
      found.push(`(${i % width},${Math.floor(i / width)}) ${a.subarray(i * 4, i * 4 + 3).join()} ≠ ${b.subarray(i * 4, i * 4 + 3).join()}`);
    }
  }
  return found;
}

/** PSNR (dB) over R, G, B of the pixels whose mask is `want`; Infinity when they match or there are none. */
function psnrWhere(a: Rgba, b: Rgba, mask: Uint8Array, want: number): number {
  let squared = 0;
  let samples = 0;
  for (let i = 0; i < mask.length; i += 1) {
    if (mask[i] !== want) continue;
    for (let c = 0; c < 3; c += 1) squared += (a[i * 4 + c]! - b[i * 4 + c]!) ** 2;
    samples += 3;
  }
  return squared === 0 ? Infinity : 10 * Math.log10((255 * 255) / (squared / samples));
}

/** The frames through the real viewer in Chromium: the canvas's pixels after each one. */
async function drawInChromium(frames: Frame[]): Promise<{ pictures: Rgba[]; failures: string[]; applied: number }> {
  const shots = await page.evaluate(
    async (encoded) => {
      const { createCompositor, canvasPictureDecoder, createCanvasSurface } = (
        window as unknown as { viewer: typeof import('./compositor.js') & typeof import('./canvas-surface.js') }
      ).viewer;
      const canvas = document.querySelector('canvas')!;
      const failures: string[] = [];
      const compositor = createCompositor({
        decoder: canvasPictureDecoder,
        surface: createCanvasSurface(canvas),
        onFailure: (error, frame) => failures.push(`${frame.sequence} ${error.code}: ${error.message}`),
      });
      const pictures: string[] = [];
      for (const { payload, ...rest } of encoded) {
        compositor.push({ ...rest, payload: Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)) });
        await compositor.idle();
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let binary = '';
        for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
        pictures.push(btoa(binary));
      }
      const { applied } = compositor.stats;
      compositor.close();
      return { pictures, failures, applied };
    },
    frames.map((frame) => ({ ...frame, payload: Buffer.from(frame.payload).toString('base64') })),
  );
  return { ...shots, pictures: shots.pictures.map((shot) => new Uint8Array(Buffer.from(shot, 'base64'))) };
}

async function drawInNode(frames: Frame[]): Promise<Rgba[]> {
  const compositor = createPictureCompositor();
  const pictures: Rgba[] = [];
  // A copy: Buffer.slice() is a view, and the compositor draws the next frame into the same pixels.
  for (const frame of frames) pictures.push(Uint8Array.from((await compositor.apply(frame))!.data));
  return pictures;
}

/**
 * Every frame drawn in Chromium equals the source screen (`truths`) exactly where the pixels came
 * losslessly, is PSNR-close where a JPEG drew them, equals Node's compositor exactly where
 * lossless, and every copy moved the previous canvas's pixels exactly (lossy ones too).
 */
async function expectDrawnAsSource(frames: Frame[], truths: Rgba[], minJpegPsnr: number): Promise<{ lossy: number[] }> {
  const chromium = await drawInChromium(frames);
  expect(chromium.failures).toEqual([]);
  expect(chromium.applied).toBe(frames.length);
  const node = await drawInNode(frames);
  const masks = losslessMasks(frames);
  frames.forEach((frame, n) => {
    const shown = chromium.pictures[n]!;
    const step = `frame ${frame.sequence} (${frame.kind})`;
    const { width } = frame;
    expect(shown.length, step).toBe(width * frame.height * 4);
    expect(differences(shown, truths[n]!, masks[n]!, 1, width), `${step}: lossless pixels against the source`).toEqual([]);
    expect(differences(shown, node[n]!, masks[n]!, 1, width), `${step}: lossless pixels against Node`).toEqual([]);
    expect(psnrWhere(shown, truths[n]!, masks[n]!, 0), `${step}: JPEG pixels against the source`).toBeGreaterThan(minJpegPsnr);
    expect(psnrWhere(shown, node[n]!, masks[n]!, 0), `${step}: JPEG pixels against Node`).toBeGreaterThan(minJpegPsnr);
    if (frame.kind !== 'delta') return;
    const { copies, rects } = decodeDeltaContainer(frame.payload, frame);
    // A copied pixel is the previous canvas's pixel, exactly, unless a rect drew over it after.
    const redrawn = new Uint8Array(width * frame.height);
    for (const r of rects) forEachPixel(width, r.frameX, r.frameY, r.width, r.height, (i) => (redrawn[i] = 1));
    const previous = chromium.pictures[n - 1]!;
    const moved: string[] = [];
    for (const c of copies) {
      forEachPixel(width, c.targetX, c.targetY, c.width, c.height, (i, dx, dy) => {
        const from = ((c.sourceY + dy) * width + c.sourceX + dx) * 4;
        if (!redrawn[i] && moved.length < 5 && [0, 1, 2].some((k) => shown[i * 4 + k] !== previous[from + k]))
          moved.push(`(${i % width},${Math.floor(i / width)})`);
      });
    }
    expect(moved, `${step}: copied pixels`).toEqual([]);
  });
  expect(errors).toEqual([]);
  return { lossy: masks.map((mask) => mask.filter((lossless) => !lossless).length) };
}

test('CCD2 deltas (overlapping scrolls both ways, a sideways drag, two copies at once, PNG and JPEG pictures) draw as the source and as Node does', async () => {
  const textWindow = { kind: 'text' as const, x: 60, y: 40, width: 120, height: 80 };
  const photoWindow = { kind: 'photo' as const, x: 200, y: 110, width: 100, height: 70 };
  const scrolled = { x: SIDEBAR, width: WIDTH - SIDEBAR };
  const truths = [
    screen(0, []),
    screen(23, []), // (a) the page scrolls down: its content moves up 23 rows
    screen(12, []), // (a) and back up 11: content moves down
    screen(12, [textWindow, photoWindow], 1), // (d) new pixels from three pictures: PNG, JPEG, PNG
    screen(12, [{ ...textWindow, x: 77 }, photoWindow], 1), // (b) the text window dragged 17 px right
    screen(
      12,
      [
        { ...textWindow, x: 77, y: 49 },
        { ...photoWindow, x: 215, y: 125 },
      ],
      1,
    ), // (c) both windows move in one delta
  ];
  const keyPng = await sharp(Buffer.from(truths[0]!), { raw: { width: WIDTH, height: HEIGHT, channels: 4 } })
    .removeAlpha()
    .png()
    .toBuffer();
  const frames: Frame[] = [
    { ...meta, kind: 'key', codec: 'png', sequence: 1, payload: new Uint8Array(keyPng) },
    await delta(
      2,
      truths[1]!,
      [{ sourceX: SIDEBAR, sourceY: 23, targetX: SIDEBAR, targetY: 0, width: scrolled.width, height: HEIGHT - 23 }],
      [['png', [{ ...scrolled, y: HEIGHT - 23, height: 23 }]]],
    ),
    await delta(
      3,
      truths[2]!,
      [{ sourceX: SIDEBAR, sourceY: 0, targetX: SIDEBAR, targetY: 11, width: scrolled.width, height: HEIGHT - 11 }],
      [['png', [{ ...scrolled, y: 0, height: 11 }]]],
    ),
    await delta(
      4,
      truths[3]!,
      [],
      [
        ['png', [textWindow]],
        ['jpeg', [photoWindow]],
        ['png', [{ x: 4, y: 150, width: 32, height: 20 }]],
      ],
    ),
    await delta(
      5,
      truths[4]!,
      [{ sourceX: 60, sourceY: 40, targetX: 77, targetY: 40, width: 120, height: 80 }],
      [['png', [{ x: 60, y: 40, width: 17, height: 80 }]]],
    ),
    await delta(
      6,
      truths[5]!,
      [
        { sourceX: 77, sourceY: 40, targetX: 77, targetY: 49, width: 120, height: 80 },
        { sourceX: 200, sourceY: 110, targetX: 215, targetY: 125, width: 100, height: 70 },
      ],
      [
        [
          'png',
          [
            { x: 77, y: 40, width: 120, height: 9 },
            { x: 200, y: 110, width: 15, height: 70 },
            { x: 215, y: 110, width: 85, height: 15 },
          ],
        ],
      ],
    ),
  ];
  // They are frames as the wire carries them: deltas say cc.v 2, and decode back unchanged.
  for (const frame of frames) {
    const message = encodeFrame(frame);
    expect(message.headers['cc.v']).toBe(frame.kind === 'delta' ? '2' : '1');
    expect(decodeFrame(message)).toMatchObject({ kind: frame.kind, sequence: frame.sequence });
  }
  const { lossy } = await expectDrawnAsSource(frames, truths, 30);
  // The JPEG window's pixels were compared by PSNR, and moved by the last copy.
  expect(lossy).toEqual([0, 0, 0, 7000, 7000, 7000]);
});

/** A long page of text (rendered by sharp from SVG) under a sidebar that stays, 640x360, scrolled to each of `scrolls`. */
async function scrollingPage(scrolls: number[]): Promise<RawFrame[]> {
  const [width, height, sidebar, pageHeight] = [640, 360, 120, 1600];
  const words = 'light energy chloroplast membrane electron gradient enzyme carbon sugar oxygen water cycle'.split(' ');
  const lines = Array.from({ length: 62 }, (_, i) => {
    const text = Array.from({ length: 7 }, (_, w) => words[(i * 7 + w * 5) % words.length]).join(' ');
    return `<text x="12" y="${30 + i * 25}" font-size="${i % 9 === 0 ? 20 : 15}" font-family="DejaVu Sans" fill="${i % 9 === 0 ? '#113' : '#333'}">${i + 1}. ${text}</text>`;
  });
  const pageSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width - sidebar}" height="${pageHeight}"><rect width="100%" height="100%" fill="#fffdf6"/>${lines.join('')}</svg>`;
  const menu = ['Lessons', 'Biology', 'Leaf', 'Cells', 'Quiz'].map(
    (item, i) => `<text x="14" y="${40 + i * 32}" font-size="16" font-family="DejaVu Sans" fill="#eef">${item}</text>`,
  );
  const sidebarSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="${sidebar}" height="${height}"><rect width="100%" height="100%" fill="#234"/>${menu.join('')}</svg>`;
  const render = async (svg: string) => (await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true })).data;
  const [pagePixels, sidebarPixels] = await Promise.all([render(pageSvg), render(sidebarSvg)]);
  return scrolls.map((scroll, tick) => {
    const data = Buffer.alloc(width * height * 4);
    for (let y = 0; y < height; y += 1) {
      sidebarPixels.copy(data, y * width * 4, y * sidebar * 4, (y + 1) * sidebar * 4);
      const row = (scroll + y) * (width - sidebar) * 4;
      pagePixels.copy(data, (y * width + sidebar) * 4, row, row + (width - sidebar) * 4);
    }
    return { data, width, height, pixelFormat: 'rgba' as const, capturedAt: 1_764_000_000_000 + tick * 100 };
  });
}

test("the real encoder's stream of a scrolling page under a fixed sidebar draws in Chromium exactly as the screen was", async () => {
  // Down in steps, a still frame, back up, a jump: the page moves under the sidebar both ways.
  const raws = await scrollingPage([0, 40, 80, 120, 120, 87, 60, 300, 260]);
  const encoder = createFrameEncoder({ keyframeIntervalMs: 3_600_000 });
  const frames: Frame[] = [];
  const truths: Rgba[] = [];
  let key = { sequence: 0, captureTime: 0 };
  for (const raw of raws) {
    const encoded = await encoder.encode(raw);
    if (encoded.kind === 'unchanged') continue;
    const sequence = frames.length + 1;
    if (encoded.kind === 'key') key = { sequence, captureTime: raw.capturedAt };
    const { width, height, codec } = encoded;
    const frame: Frame = {
      streamId: 'screen-0',
      kind: encoded.kind,
      codec,
      width,
      height,
      sequence,
      captureTime: raw.capturedAt,
      keySequence: key.sequence,
      keyCaptureTime: key.captureTime,
      payload: new Uint8Array(encoded.bytes),
    };
    expect(decodeFrame(encodeFrame(frame))).toMatchObject({ kind: frame.kind, sequence });
    frames.push(frame);
    truths.push(new Uint8Array(raw.data));
  }
  // The scrolls came as copies (the page moving under the sidebar), with a strip of new pixels each.
  const deltas = frames.filter((frame) => frame.kind === 'delta').map((frame) => decodeDeltaContainer(frame.payload, frame));
  expect(deltas.length).toBeGreaterThanOrEqual(5);
  expect(deltas.filter((delta) => delta.copies.length > 0).length).toBeGreaterThanOrEqual(5);
  const { lossy } = await expectDrawnAsSource(frames, truths, 30);
  // Text sent losslessly end to end: every pixel of every frame is the screen's.
  expect(lossy.every((count) => count === 0)).toBe(true);
});
