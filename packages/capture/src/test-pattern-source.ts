/** A FrameSource that plays the test pattern: frame 0, 1, 2, ... one per next() call. */
import { assertFrameSize, closedError, type FrameSource } from './frame-source.js';
import { testPatternFrame } from './test-pattern.js';

export interface TestPatternOptions {
  /** Default 1280. */
  width?: number;
  /** Default 720. */
  height?: number;
}

/** Throws CaptureError CC_CAPTURE_BAD_OPTIONS for a size outside 1..MAX_DIMENSION. */
export function createTestPatternSource({ width = 1280, height = 720 }: TestPatternOptions = {}): FrameSource {
  assertFrameSize(width, height, 'test pattern');
  const name = 'test pattern';
  let frameNumber = 0;
  let closed = false;
  return {
    name,
    width,
    height,
    async next() {
      if (closed) throw closedError(name);
      const frame = testPatternFrame(frameNumber, width, height, Date.now());
      frameNumber += 1;
      return frame;
    },
    async close() {
      closed = true;
    },
  };
}
