/**
 * Peak signal-to-noise ratio of two RGBA pictures: how close a decoded frame is to its source.
 * Tests use it to prove an encoder keeps the picture (JPEG q75 of a screen is 30-40 dB); it
 * ignores alpha because the encoders drop it.
 */
import { CodecError } from './errors.js';

/** PSNR in dB over the R, G and B channels; Infinity when the pictures are identical. */
export function psnr(expected: Uint8Array, actual: Uint8Array): number {
  if (expected.length !== actual.length || expected.length % 4 !== 0) {
    throw new CodecError('CC_CODEC_BAD_FRAME', `cannot compare pictures of ${expected.length} and ${actual.length} bytes: both must be the same RGBA size`);
  }
  let squaredError = 0;
  for (let i = 0; i < expected.length; i += 4) {
    const red = expected[i]! - actual[i]!;
    const green = expected[i + 1]! - actual[i + 1]!;
    const blue = expected[i + 2]! - actual[i + 2]!;
    squaredError += red * red + green * green + blue * blue;
  }
  if (squaredError === 0) return Infinity;
  const meanSquaredError = squaredError / ((expected.length / 4) * 3);
  return 10 * Math.log10((255 * 255) / meanSquaredError);
}
