/**
 * Byte fixtures for tests of the frame format: the smallest valid images of each codec and a
 * ready-made valid frame. Kept in the package so every layer tests against the same bytes.
 */
import type { Frame } from './frame.js';
import { encodeDeltaContainer } from './delta-container.js';
import { encodeTileContainer } from './tile-container.js';

/** A 1x1 white JPEG (baseline, 125 bytes). */
export const TINY_JPEG = Uint8Array.from(
  atob(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAA//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AN//Z',
  ),
  (c) => c.charCodeAt(0),
);

/**
 * TINY_JPEG with its SOF header declaring `width` x `height`: what the picture chain reads before
 * decoding, for tests whose decoders are fakes (a real decoder finds the data short).
 */
export function jpegDeclaring(width: number, height: number): Uint8Array {
  if (width === 1 && height === 1) return TINY_JPEG;
  const bytes = Uint8Array.from(TINY_JPEG);
  const sof = bytes.findIndex((value, at) => value === 0xff && bytes[at + 1] === 0xc0);
  new DataView(bytes.buffer).setUint16(sof + 5, height);
  new DataView(bytes.buffer).setUint16(sof + 7, width);
  return bytes;
}

export function validKeyFrame(overrides: Partial<Frame> = {}): Frame {
  const width = overrides.width ?? 1;
  const height = overrides.height ?? 1;
  return {
    streamId: 'screen-0',
    kind: 'key',
    codec: 'jpeg',
    width: 1,
    height: 1,
    sequence: 7,
    captureTime: 1_764_000_000_000,
    keySequence: 7,
    keyCaptureTime: 1_764_000_000_000,
    payload: jpegDeclaring(width, height),
    ...overrides,
  };
}

/** A delta on a 200x100 frame (4x2 tiles of 64): tiles (1,0) and (3,1) changed. */
export function validDeltaFrame(overrides: Partial<Frame> = {}): Frame {
  return {
    ...validKeyFrame({ width: 200, height: 100 }),
    kind: 'delta',
    sequence: 8,
    payload: encodeTileContainer({
      tileSize: 64,
      atlasColumns: 2,
      tiles: [
        { column: 1, row: 0 },
        { column: 3, row: 1 },
      ],
      atlas: jpegDeclaring(128, 64),
    }),
    ...overrides,
  };
}

/** A PNG signature and IHDR declaring `width` x `height` (no pixel data): for fake decoders, as jpegDeclaring. */
export function pngDeclaring(width: number, height: number): Uint8Array {
  const typed = concat([ascii('IHDR'), be32(width), be32(height), Uint8Array.of(8, 2, 0, 0, 0)]);
  return concat([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), be32(13), typed, be32(crc32(typed))]);
}

/**
 * A version 2 delta on a 200x100 frame: rows 10..99 scrolled up by 10 px, and new pixels from two
 * pictures: the uncovered 200x10 strip at the bottom from a PNG, a 64x32 photo at (0, 0) from a JPEG.
 */
export function validScreenDeltaFrame(overrides: Partial<Frame> = {}): Frame {
  return {
    ...validKeyFrame({ width: 200, height: 100 }),
    kind: 'delta',
    sequence: 8,
    payload: encodeDeltaContainer({
      copies: [{ sourceX: 0, sourceY: 10, targetX: 0, targetY: 0, width: 200, height: 90 }],
      pictures: [
        { codec: 'png', width: 200, height: 10, bytes: pngDeclaring(200, 10) },
        { codec: 'jpeg', width: 64, height: 32, bytes: jpegDeclaring(64, 32) },
      ],
      rects: [
        { picture: 0, atlasX: 0, atlasY: 0, frameX: 0, frameY: 90, width: 200, height: 10 },
        { picture: 1, atlasX: 0, atlasY: 0, frameX: 0, frameY: 0, width: 64, height: 32 },
      ],
    }),
    ...overrides,
  };
}

/*
 * Decompression bombs: real, valid pictures of each codec whose headers all agree on a huge
 * size, a few KB on the wire (for 16000x16000: PNG ~31 KB, WebP 34 bytes, JPEG ~1 MB, the least
 * baseline Huffman allows: 2 bits per 8x8 block), decoding to width x height x 4 bytes of RGBA.
 * Browser-safe (CompressionStream), so the same bytes feed Node and Chromium tests. A small one
 * decodes for real (see the codec's decoder tests), which shows the construction is a picture.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const be32 = (value: number) => Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
const le32 = (value: number) => Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);

/** A black 1-bit greyscale PNG: rows of zeros, which zlib shrinks ~1000 times. */
export async function pngBomb(width: number, height: number): Promise<Uint8Array> {
  const raw = new Uint8Array((1 + Math.ceil(width / 8)) * height); // filter byte 0 + pixels, all zero
  const zlib = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer());
  const chunk = (type: string, data: Uint8Array) => {
    const typed = concat([ascii(type), data]);
    return concat([be32(data.length), typed, be32(crc32(typed))]);
  };
  const ihdr = concat([be32(width), be32(height), Uint8Array.of(1, 0, 0, 0, 0)]); // 1 bit, greyscale
  return concat([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), chunk('IHDR', ihdr), chunk('IDAT', zlib), chunk('IEND', new Uint8Array(0))]);
}

/** A grey baseline greyscale JPEG whose Huffman tables have one 1-bit code each: DC 0, then EOB. */
export function jpegBomb(width: number, height: number): Uint8Array {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const data = new Uint8Array(Math.ceil(blocks / 4)); // 2 zero bits per block
  if (blocks % 4) data[data.length - 1] = 0xff >> ((blocks % 4) * 2); // pad the last byte with 1 bits
  const segment = (marker: number, body: number[]) => Uint8Array.of(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body);
  const oneCode = (tableClass: number) => [tableClass << 4, 1, ...new Array<number>(15).fill(0), 0];
  return concat([
    Uint8Array.of(0xff, 0xd8),
    segment(0xdb, [0, ...new Array<number>(64).fill(1)]),
    segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    segment(0xc4, oneCode(0)),
    segment(0xc4, oneCode(1)),
    segment(0xda, [1, 1, 0, 0, 63, 0]),
    data,
    Uint8Array.of(0xff, 0xd9),
  ]);
}

/** A grey lossless WebP (VP8L) whose prefix codes have one symbol each: 0 bits per pixel. */
export function webpBomb(width: number, height: number): Uint8Array {
  const bits: number[] = [];
  const put = (value: number, count: number) => {
    for (let i = 0; i < count; i += 1) bits.push((value >>> i) & 1); // VP8L is LSB first
  };
  put(width - 1, 14);
  put(height - 1, 14);
  put(0, 1); // no alpha used
  put(0, 3); // version 0
  put(0, 1); // no transform
  put(0, 1); // no colour cache
  put(0, 1); // no meta prefix codes
  // green, red, blue, alpha: one 8-bit symbol each (grey 128, opaque); distance: symbol 0
  for (const symbol of [128, 128, 128, 255]) {
    put(1, 1); // simple code
    put(0, 1); // one symbol
    put(1, 1); // 8 bits
    put(symbol, 8);
  }
  put(1, 1);
  put(0, 1);
  put(0, 1); // 1 bit
  put(0, 1);
  const stream = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((bit, i) => (stream[i >> 3]! |= bit << (i & 7)));
  let vp8l = concat([Uint8Array.of(0x2f), stream]);
  const size = vp8l.length;
  if (size % 2) vp8l = concat([vp8l, Uint8Array.of(0)]);
  return concat([ascii('RIFF'), le32(4 + 8 + vp8l.length), ascii('WEBP'), ascii('VP8L'), le32(size), vp8l]);
}

/** A keyframe carrying `payload`, headers consistent with it (a forged frame any producer can write). */
export function forgedKeyFrame(payload: Uint8Array, width: number, height: number, codec: Frame['codec'], overrides: Partial<Frame> = {}): Frame {
  return validKeyFrame({ width, height, codec, payload, ...overrides });
}

/** Small deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
