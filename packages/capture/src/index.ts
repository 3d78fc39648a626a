/** @classcast/capture: where frames come from — the test pattern, a folder of slides, the desktop. */
export { CaptureError, type CaptureErrorCode } from './errors.js';
export type { FrameSource } from './frame-source.js';
export {
  BAR_COLOURS,
  COUNTER_DIGITS,
  renderCounterSlide,
  renderTestPattern,
  testPatternFrame,
  testPatternLayout,
  type TestPatternLayout,
} from './test-pattern.js';
export { readTestPatternCounter, type RgbaPicture } from './test-pattern-reader.js';
export { createTestPatternSource, type TestPatternOptions } from './test-pattern-source.js';
export { createImageFolderSource, SLIDE_EXTENSIONS, type ImageFolderOptions } from './image-folder-source.js';
export { createDesktopSource, createRegionSource, type DesktopOptions, type RegionOptions } from './desktop-source.js';
export { createWindowSource, type WindowOptions } from './window-source.js';
export { createSource, parseSourceSpec, SOURCE_SPEC_FORMS, type CreateSourceOptions, type SourceSpec } from './source-spec.js';
export { createPushSource, type PushSource, type PushSourceOptions } from './push-source.js';
