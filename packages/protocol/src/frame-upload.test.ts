import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { GatewayRequestError } from './errors.js';
import { applyFrameUpload, changedRects, cutRects, decodeFrameUpload, encodeFrameUpload, UPLOAD_TILE, type UploadedPicture } from './frame-upload.js';
import { createRandom } from './test-messages.js';

const inflate = (body: Uint8Array, maxBytes: number) => inflateRawSync(body, { maxOutputLength: Math.max(1, maxBytes) });

function picture(width: number, height: number, paint: (x: number, y: number) => number): Uint8Array {
  const pixels = new Uint8Array(width * height * 4);
  const view = new DataView(pixels.buffer);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) view.setUint32((y * width + x) * 4, paint(x, y));
  return pixels;
}

/** What the page does: the changed rects, cut out, deflated or not, encoded; then what the gateway does. */
function send(previous: UploadedPicture | undefined, last: Uint8Array | undefined, pixels: Uint8Array, width: number, height: number, compressed: boolean) {
  const rects = changedRects(last, pixels, width, height);
  const raw = cutRects(pixels, width, rects);
  const bytes = encodeFrameUpload({ width, height, capturedAt: 1_700_000_000_123, rects, body: compressed ? deflateRawSync(raw) : raw, compressed });
  return { bytes, picture: applyFrameUpload(previous, decodeFrameUpload(bytes), inflate) };
}

describe('a picture and its changes travel exactly', () => {
  test.each([false, true])('compressed %s', (compressed) => {
    const width = 300; // not a multiple of the tile: the last column of tiles is narrower
    const height = 130;
    const first = picture(width, height, (x, y) => (x * 7 + y * 13) >>> 0);
    const sent = send(undefined, undefined, first, width, height, compressed);
    expect(sent.picture.pixels).toEqual(first);
    expect(sent.picture.capturedAt).toBe(1_700_000_000_123);

    // One pixel in the last tile and a line across two tiles change.
    const second = new Uint8Array(first);
    second.set([1, 2, 3, 4], (129 * width + 299) * 4);
    for (let x = 60; x < 70; x += 1) second.set([9, 9, 9, 255], (10 * width + x) * 4);
    const changed = send(sent.picture, first, second, width, height, compressed);
    expect(changed.picture.pixels).toEqual(second);
    expect(changedRects(first, second, width, height)).toEqual([
      { x: 0, y: 0, width: 2 * UPLOAD_TILE, height: UPLOAD_TILE },
      { x: 4 * UPLOAD_TILE, y: 2 * UPLOAD_TILE, width: width - 4 * UPLOAD_TILE, height: height - 2 * UPLOAD_TILE },
    ]);
    expect(changed.picture.changedPixels).toBe(2 * UPLOAD_TILE * UPLOAD_TILE + 44 * 2);
    // The picture before is not written over: the encoder may still be reading it.
    expect(sent.picture.pixels).toEqual(first);

    const still = send(changed.picture, second, second, width, height, compressed);
    expect(still.bytes.length).toBeLessThan(40);
    expect(still.picture.pixels).toEqual(second);
    expect(still.picture.changedPixels).toBe(0);
  });
});

describe('a bad upload is refused with a reason', () => {
  const whole = (width: number, height: number) => ({ width, height, capturedAt: 1, rects: [{ x: 0, y: 0, width, height }], compressed: false });
  test.each([
    [
      'part of a picture before the whole',
      () => applyFrameUpload(undefined, { ...whole(4, 4), rects: [{ x: 0, y: 0, width: 2, height: 2 }], body: new Uint8Array(16) }, inflate),
      /before the whole/,
    ],
    [
      'a body shorter than the rects',
      () => applyFrameUpload(undefined, { ...whole(4, 4), body: new Uint8Array(10) }, inflate),
      /10 bytes of pixels for rects of 64/,
    ],
    [
      'a deflate bomb',
      () => applyFrameUpload(undefined, { ...whole(4, 4), body: deflateRawSync(new Uint8Array(8 * 1024 * 1024)), compressed: true }, inflate),
      /do not inflate to the 64 bytes/,
    ],
    [
      'a rect outside the picture',
      () => decodeFrameUpload(encodeFrameUpload({ ...whole(4, 4), rects: [{ x: 3, y: 0, width: 2, height: 1 }], body: new Uint8Array(8) })),
      /outside the 4x4/,
    ],
    ['another format', () => decodeFrameUpload(new TextEncoder().encode('RIFF....WEBPVP8L and more bytes')), /not a frame upload/],
    ['a zero-sized picture', () => decodeFrameUpload(encodeFrameUpload({ ...whole(0, 4), rects: [], body: new Uint8Array(0) })), /0x4 picture/],
  ])('%s', (_, attempt, reason) => {
    expect(attempt).toThrow(GatewayRequestError);
    expect(attempt).toThrow(reason);
  });

  test('random and cut bytes are refused, never thrown as anything else', () => {
    const next = createRandom(19);
    const random = { int: (below: number) => Math.floor(next() * below) };
    const good = encodeFrameUpload({ ...whole(8, 8), body: new Uint8Array(256) });
    for (let round = 0; round < 2000; round += 1) {
      const bytes = round % 2 ? good.slice(0, random.int(good.length)) : good.map((byte) => (random.int(10) === 0 ? random.int(256) : byte));
      try {
        applyFrameUpload(undefined, decodeFrameUpload(bytes), inflate);
      } catch (error) {
        expect(error).toBeInstanceOf(GatewayRequestError);
      }
    }
  });
});
