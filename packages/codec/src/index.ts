/** @classcast/codec: raw screen frames to JPEG / WebP / PNG with sharp, and pictures back to raw RGBA. */
export { CodecError, type CodecErrorCode } from './errors.js';
export {
  assertRawFrame,
  BYTES_PER_PIXEL,
  dimensionProblem,
  PIXEL_FORMATS,
  type PixelFormat,
  type RawFrame,
} from './raw-frame.js';
export {
  DEFAULT_ENCODER_SETTINGS,
  resolveEncoderOptions,
  scaledSize,
  type EncoderOptions,
  type EncoderSettings,
} from './encoder-options.js';
export { createEncoder, type EncodedPicture, type Encoder } from './encoder.js';
export { decodePicture, readPictureSize, type DecodedPicture, type DecodeOptions } from './decoder.js';
export { psnr } from './psnr.js';
