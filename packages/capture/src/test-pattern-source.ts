/** A FrameSource that plays the test pattern: frame 0, 1, 2, ... one per next() call. */
import { assertFrameSize, pullSource, type FrameSource } from './frame-source.js';
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
  let frameNumber = 0;
  return pullSource({ name: 'test pattern', width, height }, async () => testPatternFrame(frameNumber++, width, height, Date.now()));
}
