import { describe, expect, test } from 'vitest';
import { DEFAULT_MAX_PICTURE, DEFAULT_PICTURE_LIMIT, MAX_PICTURE_CEILING, parsePictureSize, pictureLimit, readMaxPictureValue } from './class-settings.js';
import { ClasscastError } from './errors.js';
import { parseServerMessage } from './gateway-messages.js';
import { createPictureChain, DEFAULT_MAX_PICTURE_PIXELS, type PictureDecoder } from './picture-chain.js';
import { validKeyFrame } from './test-messages.js';

describe('the max-picture setting', () => {
  test('reads WIDTHxHEIGHT, each side 1..16384 (the frame format carries no larger picture)', () => {
    expect(parsePictureSize('3840x2160')).toEqual({ size: { width: 3840, height: 2160 } });
    expect(parsePictureSize(' 640x360\n')).toEqual({ size: { width: 640, height: 360 } });
    expect(parsePictureSize('16384x16384')).toEqual({ size: MAX_PICTURE_CEILING });
    expect(parsePictureSize('16385x1')).toEqual({ problem: '16385x1 is larger than the frame format allows (16384x16384)' });
    for (const bad of ['', '4k', '0x100', '100x', '-1x5', '1e3x100', '3840 x 2160', '123456x1']) {
      expect(parsePictureSize(bad)).toMatchObject({ problem: expect.stringMatching(/is not a picture size/) });
    }
  });

  test('a record value that is empty, long or not a size is a problem, never a throw', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(readMaxPictureValue(bytes('1280x720'))).toEqual({ size: { width: 1280, height: 720 } });
    expect(readMaxPictureValue(null)).toEqual({ problem: 'the max-picture setting is empty' });
    expect(readMaxPictureValue(new Uint8Array(1000))).toEqual({ problem: 'the max-picture setting is 1000 bytes, not a picture size' });
    expect(readMaxPictureValue(bytes('\u0000\u0001'))).toMatchObject({ problem: expect.stringMatching(/^the max-picture setting .* is not a picture size/) });
  });

  test('the default is 4K, the same number as the picture chain default', () => {
    expect(DEFAULT_MAX_PICTURE).toEqual({ width: 3840, height: 2160 });
    expect(DEFAULT_PICTURE_LIMIT.maxPixels).toBe(DEFAULT_MAX_PICTURE_PIXELS);
  });
});

describe("a viewer's limit", () => {
  const decoder: PictureDecoder<{ width: number; height: number }> = {
    decode: async (_bytes, _codec, expected) => ({ ...expected }),
    release: () => undefined,
  };
  const surface = { reset: () => undefined, patch: () => undefined, copy: () => undefined };
  const missingBase = () => new ClasscastError('CC_MISSING_KEYFRAME', 'no base');

  test("a refusal names the class's limit, and a limit learnt later applies to the pictures after it", async () => {
    const limit = pictureLimit({ width: 640, height: 360 });
    const chain = createPictureChain({ decoder, surface, missingBase, maxPixels: limit.maxPixels, limitDescription: limit.description });
    const big = validKeyFrame({ sequence: 1, keySequence: 1, width: 1280, height: 720 });
    await expect(chain.apply(big)).rejects.toMatchObject({
      code: 'CC_PICTURE_TOO_LARGE',
      message: "keyframe 1 is 1280x720 by its frame header, more than the class's limit of 640x360 (230400 pixels)",
    });
    expect(await chain.apply(validKeyFrame({ sequence: 2, keySequence: 2, width: 320, height: 240 }))).toBe('drawn');
    chain.setLimit(1280 * 720, "the class's limit of 1280x720 (921600 pixels)");
    expect(await chain.apply(validKeyFrame({ sequence: 3, keySequence: 3, width: 1280, height: 720 }))).toBe('drawn');
  });

  test('the gateway tells the browser the limit; a limit beyond the format or not a count is no message', () => {
    const told = { type: 'picture-limit', maxPixels: 230400, description: "the class's limit of 640x360 (230400 pixels)" };
    expect(parseServerMessage(JSON.stringify(told))).toEqual(told);
    for (const maxPixels of [0, 1.5, 16384 * 16384 + 1, '230400']) {
      expect(() => parseServerMessage(JSON.stringify({ ...told, maxPixels }))).toThrow(/unknown gateway message/);
    }
  });
});
