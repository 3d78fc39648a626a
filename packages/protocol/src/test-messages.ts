/**
 * Byte fixtures for tests of the frame format: the smallest valid images of each codec and a
 * ready-made valid frame. Kept in the package so every layer tests against the same bytes.
 */
import type { Frame } from './frame.js';
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
