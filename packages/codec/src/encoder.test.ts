import { IMAGE_CODECS, MAX_DIMENSION, sniffImageCodec } from '@classcast/protocol';
import { beforeAll, describe, expect, test } from 'vitest';
import { decodePicture } from './decoder.js';
import { createEncoder } from './encoder.js';
import { CodecError } from './errors.js';
import { psnr } from './psnr.js';
import type { RawFrame } from './raw-frame.js';
import { renderTestScreen, toBgra } from './screen-test-helpers.js';

let screen: RawFrame;
beforeAll(async () => {
  screen = await renderTestScreen(640, 360);
});

describe('each codec round-trips a screen', () => {
  // PNG is lossless. At q75 this dense 640x360 screen gives JPEG 32.6 dB and WebP 29.6 dB (WebP is
  // always 4:2:0, so coloured text costs it more); the floors leave room for encoder updates.
  test.each([
    ['jpeg', 30],
    ['webp', 28],
    ['png', Infinity],
  ] as const)('%s keeps the picture (PSNR >= %s dB)', async (codec, minimumDb) => {
    const encoded = await createEncoder({ codec, quality: 75 }).encode(screen);
    expect(encoded).toMatchObject({ codec, width: 640, height: 360 });
    expect(sniffImageCodec(encoded.bytes)).toBe(codec);
    const decoded = await decodePicture(encoded.bytes);
    expect([decoded.width, decoded.height]).toEqual([640, 360]);
    expect(psnr(screen.data, decoded.data)).toBeGreaterThanOrEqual(minimumDb);
  });

  test('a higher quality gives a closer picture', async () => {
    const at = async (quality: number) => psnr(screen.data, (await decodePicture((await createEncoder({ quality }).encode(screen)).bytes)).data);
    expect(await at(95)).toBeGreaterThan((await at(30)) + 3);
  });

  test('mozjpeg, when asked for, still writes a close JPEG', async () => {
    const encoded = await createEncoder({ mozjpeg: true }).encode(screen);
    expect(psnr(screen.data, (await decodePicture(encoded.bytes)).data)).toBeGreaterThan(30);
  });
});

describe('BGRA and RGBA input give the same picture', () => {
  test.each(IMAGE_CODECS.flatMap((codec) => [1, 0.5].map((scale) => [codec, scale] as const)))('%s at scale %s', async (codec, scale) => {
    const encoder = createEncoder({ codec, scale });
    const fromRgba = await encoder.encode(screen);
    const fromBgra = await encoder.encode(toBgra(screen));
    // Same pixels into a deterministic encoder: the bytes are equal, not merely close.
    expect(fromBgra.bytes.equals(fromRgba.bytes)).toBe(true);
  });
});

test('BGRA swaps red and blue: a pure red BGRA frame stays red', async () => {
  const data = Buffer.alloc(8 * 8 * 4);
  for (let i = 0; i < data.length; i += 4) data.set([0, 0, 255, 255], i); // B, G, R, A
  const frame: RawFrame = { data, width: 8, height: 8, pixelFormat: 'bgra', capturedAt: 0 };
  const decoded = await decodePicture((await createEncoder({ codec: 'png' }).encode(frame)).bytes);
  expect([...decoded.data.subarray(0, 4)]).toEqual([255, 0, 0, 255]);
});

describe('scale', () => {
  test('0.5 halves the size and keeps the picture', async () => {
    const encoded = await createEncoder({ codec: 'png', scale: 0.5 }).encode(screen);
    expect([encoded.width, encoded.height]).toEqual([320, 180]);
    const decoded = await decodePicture(encoded.bytes);
    expect([decoded.width, decoded.height]).toEqual([320, 180]);
    const reference = await decodePicture((await createEncoder({ codec: 'png' }).encode(screen)).bytes, {
      fit: { width: 320, height: 180 },
    });
    expect(psnr(reference.data, decoded.data)).toBeGreaterThan(30);
  });

  test('odd sizes round, and a tiny frame keeps at least one pixel', async () => {
    const frame = (width: number, height: number): RawFrame => ({
      data: Buffer.alloc(width * height * 4, 200),
      width,
      height,
      pixelFormat: 'rgba',
      capturedAt: 0,
    });
    expect(await createEncoder({ scale: 0.5 }).encode(frame(101, 51))).toMatchObject({ width: 51, height: 26 });
    expect(await createEncoder({ scale: 0.1 }).encode(frame(3, 3))).toMatchObject({ width: 1, height: 1 });
  });
});

describe('bad input is refused with a typed error', () => {
  test.each([
    [{ quality: 0 }, /quality 0 is not a whole number in 1\.\.100/],
    [{ quality: 101 }, /quality 101/],
    [{ quality: 75.5 }, /quality 75\.5/],
    [{ scale: 0 }, /scale 0 is not a number in \(0, 1\]/],
    [{ scale: 1.5 }, /scale 1\.5/],
    [{ scale: Number.NaN }, /scale NaN/],
    [{ codec: 'gif' }, /codec "gif" is not one of jpeg, webp, png/],
  ])('options %j', (options, message) => {
    const attempt = () => createEncoder(options as never);
    expect(attempt).toThrow(CodecError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as CodecError).code).toBe('CC_CODEC_BAD_OPTIONS');
      expect((error as CodecError).retriable).toBe(false);
    }
  });

  test('undefined options mean the defaults', () => {
    expect(createEncoder({ quality: undefined, scale: undefined }).settings).toEqual({
      codec: 'jpeg',
      quality: 75,
      scale: 1,
      mozjpeg: false,
    });
  });

  const good = (): RawFrame => ({
    data: Buffer.alloc(4 * 2 * 4),
    width: 4,
    height: 2,
    pixelFormat: 'rgba',
    capturedAt: 0,
  });
  test.each([
    [{ data: Buffer.alloc(31) }, /frame data is 31 bytes but 4x2x4 needs 32/],
    [{ width: 0, data: Buffer.alloc(0) }, /frame width 0 is not a whole number in 1\.\./],
    [{ width: MAX_DIMENSION + 1 }, new RegExp(`frame width ${MAX_DIMENSION + 1}`)],
    [{ height: 2.5 }, /frame height 2\.5/],
    [{ pixelFormat: 'argb' }, /pixel format "argb" is not rgba or bgra/],
    [{ data: 'pixels' }, /frame data is not a Buffer/],
  ])('frame %#', async (override, message) => {
    const frame = { ...good(), ...override } as RawFrame;
    const encoding = createEncoder().encode(frame);
    await expect(encoding).rejects.toThrow(message);
    await expect(encoding).rejects.toMatchObject({ code: 'CC_CODEC_BAD_FRAME' });
  });
});
