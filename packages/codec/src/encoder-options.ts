/** Options of the encoder: defaults, validation, and the output size a scale gives. */
import { IMAGE_CODECS, isImageCodec, type ImageCodec } from '@classcast/protocol';
import { CodecError } from './errors.js';

export interface EncoderOptions {
  /** Default 'jpeg'. */
  codec?: ImageCodec;
  /** 1..100, default 75. Used by jpeg and webp; png is lossless and ignores it. */
  quality?: number;
  /** Resize factor, 0 < scale <= 1, default 1 (no resize). */
  scale?: number;
  /**
   * JPEG only, default false: mozjpeg's settings give ~25% fewer bytes on a text slide but are
   * ~15x slower, so they suit recordings, not live encoding.
   */
  mozjpeg?: boolean;
}

export type EncoderSettings = Readonly<Required<EncoderOptions>>;

export const DEFAULT_ENCODER_SETTINGS: EncoderSettings = { codec: 'jpeg', quality: 75, scale: 1, mozjpeg: false };

/** The options with defaults filled in; throws CodecError CC_CODEC_BAD_OPTIONS naming the bad one. */
export function resolveEncoderOptions(options: EncoderOptions = {}): EncoderSettings {
  const settings = { ...DEFAULT_ENCODER_SETTINGS, ...withoutUndefined(options) };
  if (typeof settings.codec !== 'string' || !isImageCodec(settings.codec)) {
    throw badOption(`codec "${String(settings.codec)}" is not one of ${IMAGE_CODECS.join(', ')}`);
  }
  if (!Number.isInteger(settings.quality) || settings.quality < 1 || settings.quality > 100) {
    throw badOption(`quality ${String(settings.quality)} is not a whole number in 1..100`);
  }
  if (typeof settings.scale !== 'number' || !(settings.scale > 0 && settings.scale <= 1)) {
    throw badOption(`scale ${String(settings.scale)} is not a number in (0, 1]`);
  }
  if (typeof settings.mozjpeg !== 'boolean') throw badOption(`mozjpeg ${String(settings.mozjpeg)} is not true or false`);
  return Object.freeze(settings);
}

/** Size of a scaled picture: rounded, and never below 1 pixel so a thin strip survives. */
export function scaledSize(width: number, height: number, scale: number): { width: number; height: number } {
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

// `{ quality: undefined }` (an unset CLI flag) means "the default", not "no quality".
function withoutUndefined(options: EncoderOptions): EncoderOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function badOption(message: string): CodecError {
  return new CodecError('CC_CODEC_BAD_OPTIONS', `encoder option ${message}`);
}
