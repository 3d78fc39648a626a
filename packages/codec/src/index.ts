/** @classcast/codec: raw screen frames to JPEG / WebP / PNG with sharp, and pictures back to raw RGBA. */
export { CodecError, type CodecErrorCode } from './errors.js';
export { assertRawFrame, BYTES_PER_PIXEL, dimensionProblem, PIXEL_FORMATS, type PixelFormat, type RawFrame } from './raw-frame.js';
export { DEFAULT_ENCODER_SETTINGS, resolveEncoderOptions, scaledSize, type EncoderOptions, type EncoderSettings } from './encoder-options.js';
export { createEncoder, createLosslessEncoder, type EncodedPicture, type Encoder } from './encoder.js';
export { decodePicture, decodePictureChannels, readPictureSize, type DecodedChannels, type DecodedPicture, type DecodeOptions } from './decoder.js';
export { psnr } from './psnr.js';
export {
  createFrameEncoder,
  DEFAULT_TILE_SIZE,
  type EncodedFrame,
  type EncodedKeyframe,
  type FrameEncoder,
  type FrameEncoderOptions,
} from './frame-encoder.js';
export { findChangedTiles, type TileChanges } from './tile-diff.js';
export { drawTile, moveRect, type Pixels } from './tile-atlas.js';
export { createPictureCompositor, type PictureCompositor, type PictureCompositorOptions } from './picture-compositor.js';
export {
  annotationSvg,
  burnAnnotations,
  HIGHLIGHTER_OPACITY,
  isBoardEmpty,
  pointerPixelRadius,
  POINTER_COLOR,
  strokePathData,
  strokePixelWidth,
} from './annotation-overlay.js';
