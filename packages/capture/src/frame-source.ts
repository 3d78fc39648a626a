/**
 * The FrameSource contract every capture source implements, and the bits they share.
 * Pull-based: the caller asks for the next frame when it wants one, so it paces capture at its
 * configured fps and a slow encoder never makes frames pile up.
 */
import { dimensionProblem, type RawFrame } from '@classcast/codec';
import { CaptureError } from './errors.js';

export interface FrameSource {
  /** What is being captured, for logs and status lines (`desktop: monitor 0 "DP-1"`); the size is in width and height. */
  readonly name: string;
  /** Size of the frames when the source opened; each RawFrame carries its own size too. */
  readonly width: number;
  readonly height: number;
  /** The picture now. Frames are read-only: a source may hand out the same buffer again. */
  next(): Promise<RawFrame>;
  /** Frees what the source holds; next() afterwards rejects with CC_CAPTURE_CLOSED. */
  close(): Promise<void>;
}

/**
 * A pull source from its capture function: next() after close() rejects with CC_CAPTURE_CLOSED,
 * and `release` frees what the source holds, once.
 */
export function pullSource(
  info: { name: string; width: number; height: number },
  capture: () => Promise<RawFrame>,
  release: () => void = () => undefined,
): FrameSource {
  let closed = false;
  return {
    ...info,
    async next() {
      if (closed) throw closedError(info.name);
      return capture();
    },
    async close() {
      if (closed) return;
      closed = true;
      release();
    },
  };
}

export function closedError(name: string): CaptureError {
  return new CaptureError('CC_CAPTURE_CLOSED', `${name} is closed`);
}

/** Width and height in 1..MAX_DIMENSION, the range every frame header accepts. */
export function assertFrameSize(width: number, height: number, what: string): void {
  const problem = dimensionProblem(width, height, what);
  if (problem !== undefined) throw new CaptureError('CC_CAPTURE_BAD_OPTIONS', problem);
}
