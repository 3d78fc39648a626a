/**
 * The screen-content encoder end to end on raw pixels: what a scroll, a moved window, typing and
 * a photograph become on the wire, and that the student's picture (the Node compositor) is the
 * teacher's screen pixel for pixel wherever the pictures are lossless.
 */
import { decodeDeltaContainer, type DeltaContainer, type Frame } from '@classcast/protocol';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { createFrameEncoder, type EncodedFrame } from './frame-encoder.js';
import { createPictureCompositor } from './picture-compositor.js';
import { psnr } from './psnr.js';
import type { RawFrame } from './raw-frame.js';
import { frameOf } from './testing.js';

const WIDTH = 960;
const HEIGHT = 540;
const TOOLBAR = 50;
const SIDEBAR = 180;

/** A long page of text lines and coloured boxes, rendered once; frames are views into it. */
async function renderPage(height: number): Promise<Buffer> {
  const lines = Array.from({ length: Math.floor(height / 24) }, (_, i) => {
    const y = 20 + i * 24;
    const box = i % 7 === 3 ? `<rect x="${600 + ((i * 53) % 200)}" y="${y - 14}" width="120" height="18" fill="hsl(${(i * 47) % 360},60%,60%)"/>` : '';
    return `<text x="10" y="${y}" font-size="16" font-family="DejaVu Sans Mono" fill="#${['222222', 'aa1111', '1144aa'][i % 3]}">${i}: const value${i} = compute(${i * 7}); // line ${i}</text>${box}`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}"><rect width="100%" height="100%" fill="#fdfdf8"/>${lines}</svg>`;
  return sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer();
}

/** The screen with the page scrolled to `scroll`: a fixed toolbar on top and a fixed sidebar on the left. */
function pageFrame(page: Buffer, scroll: number, at: number): RawFrame {
  const data = Buffer.alloc(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y += 1) {
    const row = y * WIDTH * 4;
    if (y < TOOLBAR) data.fill(Buffer.from(y % 2 ? [0x40, 0x40, 0x48, 0xff] : [0x50, 0x50, 0x58, 0xff]), row, row + WIDTH * 4);
    else page.copy(data, row, (scroll + y) * WIDTH * 4, ((scroll + y) * WIDTH + WIDTH) * 4);
    for (let x = 0; x < SIDEBAR && y >= TOOLBAR; x += 1) data.writeUInt32BE(((x * 7 + y * 3) % 40 === 0 ? 0x2050a0ff : 0xe8ecf0ff) >>> 0, row + x * 4);
  }
  return { data, width: WIDTH, height: HEIGHT, pixelFormat: 'rgba', capturedAt: at };
}

function asFrame(encoded: EncodedFrame, sequence: number, keySequence: number): Frame {
  return frameOf(encoded, { sequence, keySequence });
}

/** Encodes the frames in order into a student's compositor; returns each delta's container and checks every picture is exact. */
async function broadcast(frames: RawFrame[]): Promise<DeltaContainer[]> {
  const encoder = createFrameEncoder();
  const student = createPictureCompositor();
  const deltas: DeltaContainer[] = [];
  let keySequence = 0;
  for (const [sequence, source] of frames.entries()) {
    const encoded = await encoder.encode(source);
    if (encoded.kind === 'unchanged') continue;
    if (encoded.kind === 'key') keySequence = sequence;
    else deltas.push(decodeDeltaContainer(encoded.bytes, encoded));
    const picture = await student.apply(asFrame(encoded, sequence, keySequence));
    expect(Buffer.compare(picture!.data as Buffer, source.data), `frame ${sequence} differs from the source`).toBe(0);
  }
  return deltas;
}

const area = (rects: Array<{ width: number; height: number }>) => rects.reduce((sum, rect) => sum + rect.width * rect.height, 0);

describe('copy-rect motion', () => {
  test('wheel steps and smooth scrolling of a pane under a fixed toolbar and beside a fixed sidebar: copies and the uncovered strip only, pixel-exact', async () => {
    const page = await renderPage(3000);
    // Two wheel steps of 72 px, then smooth scrolling slowing down, then back up.
    const offsets = [0, 72, 144, 164, 180, 192, 200, 205, 208, 210, 211, 150, 90];
    const deltas = await broadcast(offsets.map((scroll, i) => pageFrame(page, scroll, i * 100)));
    expect(deltas).toHaveLength(offsets.length - 1);
    deltas.forEach((delta, i) => {
      const moved = offsets[i + 1]! - offsets[i]!;
      // The pane moved by `moved`: one copy over nearly all of it (beside the fixed sidebar, under the fixed toolbar).
      const pane = delta.copies.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b));
      expect(pane, `delta ${i}`).toMatchObject({ sourceY: pane.targetY + moved, sourceX: pane.targetX });
      expect(pane.targetX).toBeGreaterThanOrEqual(SIDEBAR);
      expect(pane.width).toBeGreaterThanOrEqual(WIDTH - SIDEBAR - 16);
      expect(pane.height).toBeGreaterThanOrEqual(HEIGHT - TOOLBAR - Math.abs(moved) - 32);
      // New pixels: about the uncovered strip (rounded out to 16-pixel cells), nowhere near the pane.
      const strip = (WIDTH - SIDEBAR) * Math.abs(moved);
      expect(area(delta.rects), `delta ${i}`).toBeLessThanOrEqual(strip + (WIDTH - SIDEBAR + 32) * 32);
    });
  });

  test('a window dragged to an arbitrary offset is moved by one copy, and the uncovered desktop is drawn', async () => {
    const page = await renderPage(600);
    const desktop = pageFrame(page, 0, 0);
    const withWindow = (x: number, y: number, at: number): RawFrame => {
      const data = Buffer.from(desktop.data);
      // A window of UI: a title bar and blocks in three colours, in no repeating pattern.
      const colours = [0x3465a4ff, 0xeeeeecff, 0x888a85ff];
      for (let row = 0; row < 200; row += 1) {
        for (let column = 0; column < 300; column += 1) {
          const colour = row < 24 ? colours[0]! : colours[1 + ((Math.imul((column >> 2) * 131 + (row >> 2), 2654435761) >>> 30) & 1)]!;
          data.writeUInt32BE(colour >>> 0, ((y + row) * WIDTH + x + column) * 4);
        }
      }
      return { ...desktop, data, capturedAt: at };
    };
    const [delta] = await broadcast([withWindow(220, 100, 0), withWindow(257, 163, 100)]);
    // One copy carries the whole window (broadcast() checked the student's picture is exact).
    const window = delta!.copies.find(
      (copy) => copy.targetX <= 257 && copy.targetY <= 163 && copy.targetX + copy.width >= 557 && copy.targetY + copy.height >= 363,
    );
    expect(window).toMatchObject({ sourceX: window!.targetX - 37, sourceY: window!.targetY - 63 });
    expect(delta!.pictures.map((picture) => picture.codec)).toEqual(['webp']);
    expect(area(delta!.rects)).toBeLessThan(300 * 200);
  });
});

describe('per-tile codec', () => {
  test('typed text goes lossless and small; a photograph goes JPEG', async () => {
    const page = await renderPage(600);
    const screen = pageFrame(page, 0, 0);
    const typed = pageFrame(page, 0, 100);
    typed.data.fill(Buffer.from([0x11, 0x11, 0x11, 0xff]), (300 * WIDTH + 400) * 4, (300 * WIDTH + 409) * 4); // a cursor-sized change
    const photo = Buffer.from(typed.data);
    for (let y = 100; y < 260; y += 1) {
      for (let x = 500; x < 740; x += 1) {
        const noise = (Math.imul(x * 7919 + y * 104729, 2654435761) >>> 24) & 0xff;
        photo.writeUInt32BE(((noise << 24) | (((x * y) & 0xff) << 16) | ((noise ^ y) << 8) | 0xff) >>> 0, (y * WIDTH + x) * 4);
      }
    }
    const encoder = createFrameEncoder();
    await encoder.encode(screen);
    const typing = await encoder.encode(typed);
    if (typing.kind !== 'delta') throw new Error(`expected a delta, got ${typing.kind}`);
    expect(decodeDeltaContainer(typing.bytes, typing).pictures.map((picture) => picture.codec)).toEqual(['webp']);
    expect(typing.bytes.length).toBeLessThan(400);
    const pictured = await encoder.encode({ ...typed, data: photo, capturedAt: 200 });
    if (pictured.kind !== 'delta') throw new Error(`expected a delta, got ${pictured.kind}`);
    const container = decodeDeltaContainer(pictured.bytes, pictured);
    expect(container.pictures.map((picture) => picture.codec)).toContain('jpeg');
    const student = createPictureCompositor();
    await student.apply(asFrame(await createFrameEncoder().encode(typed), 0, 0));
    const composed = await student.apply(asFrame(pictured, 1, 0));
    expect(psnr(photo, composed!.data)).toBeGreaterThan(30);
  });
});
