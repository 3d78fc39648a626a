/**
 * The raw frame type used across classcast: uncompressed 8-bit pixels as a capture source hands
 * them over, before encoding. Owns the type and its validation.
 */
import { MAX_DIMENSION } from '@classcast/protocol';
import { CodecError, type CodecErrorCode } from './errors.js';

/** Byte order of one pixel. node-screenshots gives RGBA; some platforms' native captures give BGRA. */
export type PixelFormat = 'rgba' | 'bgra';
export const PIXEL_FORMATS: readonly PixelFormat[] = ['rgba', 'bgra'];

/** Every raw pixel is 4 bytes; alpha is carried but ignored by the encoder (screens are opaque). */
export const BYTES_PER_PIXEL = 4;

export interface RawFrame {
  /** width * height * 4 bytes, rows top to bottom without padding. Treat as read-only. */
  data: Buffer;
  width: number;
  height: number;
  pixelFormat: PixelFormat;
  /** Capture time, milliseconds since the Unix epoch. */
  capturedAt: number;
}

/** Throws CodecError CC_CODEC_BAD_FRAME unless `frame` describes its own buffer correctly. */
export function assertRawFrame(frame: RawFrame): void {
  assertDimensions(frame.width, frame.height, 'CC_CODEC_BAD_FRAME', 'frame');
  if (!PIXEL_FORMATS.includes(frame.pixelFormat)) {
    throw new CodecError('CC_CODEC_BAD_FRAME', `frame pixel format "${String(frame.pixelFormat)}" is not rgba or bgra`);
  }
  if (!(frame.data instanceof Uint8Array)) throw new CodecError('CC_CODEC_BAD_FRAME', 'frame data is not a Buffer');
  const expected = frame.width * frame.height * BYTES_PER_PIXEL;
  if (frame.data.length !== expected) {
    throw new CodecError(
      'CC_CODEC_BAD_FRAME',
      `frame data is ${frame.data.length} bytes but ${frame.width}x${frame.height}x${BYTES_PER_PIXEL} needs ${expected}`,
    );
  }
}

/** Width and height must be whole numbers in 1..MAX_DIMENSION, as the frame headers demand. */
export function assertDimensions(width: number, height: number, code: CodecErrorCode, what: string): void {
  const problem = dimensionProblem(width, height, what);
  if (problem !== undefined) throw new CodecError(code, problem);
}

/**
 * Why `width` x `height` cannot be a frame size ("slide width 0 is not a whole number in
 * 1..16384"), or undefined when it can. Shared so every package words it the same way.
 */
export function dimensionProblem(width: number, height: number, what: string): string | undefined {
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_DIMENSION) {
      return `${what} ${name} ${String(value)} is not a whole number in 1..${MAX_DIMENSION}`;
    }
  }
  return undefined;
}
