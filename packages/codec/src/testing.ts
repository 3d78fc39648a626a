/**
 * Frame sources for tests of other packages (`@classcast/codec/testing`): pictures made here,
 * with what each one shows remembered, so a test can check a student drew the right one.
 */
import { DEFAULT_STREAM_ID, type Frame } from '@classcast/protocol';
import { createEncoder } from './encoder.js';
import type { EncodedFrame } from './frame-encoder.js';
import type { RawFrame } from './raw-frame.js';

const TILE = 64;

/**
 * 128x64: the left tile never changes, the right tile's grey level changes with every picture,
 * so a broadcast session sends tile deltas (not whole pictures) between keyframes. The level of
 * each picture is kept by capture time (capture times never repeat).
 */
export function halfChangingSource(): { levels: Map<number, number>; next(): Promise<RawFrame> } {
  const levels = new Map<number, number>();
  let n = 0;
  let lastAt = 0;
  return {
    levels,
    async next(): Promise<RawFrame> {
      n += 1;
      const capturedAt = Math.max(Date.now(), lastAt + 1);
      lastAt = capturedAt;
      const level = 30 + ((n * 37) % 190);
      levels.set(capturedAt, level);
      const data = Buffer.alloc(2 * TILE * TILE * 4, 90);
      for (let y = 0; y < TILE; y += 1) data.fill(level, (y * 2 * TILE + TILE) * 4, (y * 2 * TILE + 2 * TILE) * 4);
      return { data, width: 2 * TILE, height: TILE, pixelFormat: 'rgba', capturedAt };
    },
  };
}

/**
 * A keyframe of `width` x `height` whose value is a real JPEG of that size, one grey `level`
 * all over: a viewer that admits it decodes it, and a test can tell two of them apart by pixels.
 */
export async function solidKeyFrame(width: number, height: number, sequence: number, level = 200): Promise<Frame> {
  const data = Buffer.alloc(width * height * 4, level);
  const { bytes } = await createEncoder({ codec: 'jpeg', quality: 90 }).encode({ data, width, height, pixelFormat: 'rgba', capturedAt: Date.now() });
  const now = Date.now();
  return {
    streamId: DEFAULT_STREAM_ID,
    kind: 'key',
    codec: 'jpeg',
    width,
    height,
    sequence,
    keySequence: sequence,
    captureTime: now,
    keyCaptureTime: now,
    payload: bytes,
  };
}

/** Where a frame sits in its stream: its sequence, the keyframe it builds on, and when (default: the sequences). */
export interface FramePlace {
  sequence: number;
  keySequence: number;
  captureTime?: number;
  keyCaptureTime?: number;
  refreshOf?: number;
}

/** The frame a broadcast sends for what the encoder made (a key or a delta), placed in its stream. */
export function frameOf(encoded: EncodedFrame, place: FramePlace): Frame {
  if (encoded.kind === 'unchanged') throw new Error('an unchanged screen sends no picture');
  const { sequence, keySequence, captureTime = sequence, keyCaptureTime = keySequence, refreshOf } = place;
  return {
    streamId: DEFAULT_STREAM_ID,
    kind: encoded.kind,
    codec: encoded.codec,
    width: encoded.width,
    height: encoded.height,
    sequence,
    captureTime,
    keySequence,
    keyCaptureTime,
    payload: encoded.bytes,
    ...(refreshOf === undefined ? {} : { refreshOf }),
  };
}
