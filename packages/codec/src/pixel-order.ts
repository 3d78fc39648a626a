/**
 * Turns a raw frame's 4-byte pixels (RGBA or BGRA) into the packed RGB the encoders take.
 *
 * Why in JavaScript (1080p, one core, sharp 0.35): sharp has no cheap channel swap — recomb()
 * costs +45 ms (float maths) and extractChannel+joinChannel +25 ms (four pipelines), while one pass
 * here that reads each pixel as a 32-bit word and writes 3 bytes costs ~5 ms. Resizing a 4-channel
 * input is also slow in sharp (it premultiplies alpha first, even with removeAlpha(): ~33 ms to
 * halve 1080p against ~11 ms from RGB), so the encoder converts here whenever it scales.
 */
import { endianness } from 'node:os';
import type { PixelFormat } from './raw-frame.js';

// Bit positions of R, G and B in a pixel read as one native 32-bit word.
const SHIFTS: Record<PixelFormat, readonly [number, number, number]> =
  endianness() === 'LE' ? { rgba: [0, 8, 16], bgra: [16, 8, 0] } : { rgba: [24, 16, 8], bgra: [8, 16, 24] };

/** Packed RGB (3 bytes a pixel) from 4-byte pixels; alpha is dropped. */
export function toPackedRgb(data: Uint8Array, pixelFormat: PixelFormat): Buffer {
  const pixels = asWords(data);
  const rgb = Buffer.allocUnsafe(pixels.length * 3);
  const [red, green, blue] = SHIFTS[pixelFormat];
  for (let i = 0, j = 0; i < pixels.length; i += 1, j += 3) {
    const word = pixels[i]!;
    // Buffer stores the low 8 bits of what it is given, so no masks are needed.
    rgb[j] = word >>> red;
    rgb[j + 1] = word >>> green;
    rgb[j + 2] = word >>> blue;
  }
  return rgb;
}

/** A 32-bit view of the pixels; a misaligned buffer (a pooled slice) is copied once to align it. */
function asWords(bytes: Uint8Array): Uint32Array {
  // new Uint8Array(x) copies into a fresh ArrayBuffer; Buffer#slice would not copy.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length >>> 2);
}
