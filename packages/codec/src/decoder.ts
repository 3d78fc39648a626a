/**
 * The decoder: any picture sharp reads (JPEG, WebP, PNG, ...) to raw RGBA pixels. Used by tests,
 * the recorder, video export and the slide source, which also letterboxes slides to one size.
 */
import { MAX_DIMENSION } from '@classcast/protocol';
import sharp from 'sharp';
import { CodecError } from './errors.js';
import { assertDimensions } from './raw-frame.js';

export interface DecodedPicture {
  /** width * height * 4 bytes, RGBA, rows top to bottom. */
  data: Buffer;
  width: number;
  height: number;
  channels: 4;
}

export interface DecodeOptions {
  /** Scale to exactly this size keeping the aspect ratio; the bars left over are black. */
  fit?: { width: number; height: number };
  /** Paint transparent pixels onto this colour ('#rrggbb'), e.g. white behind a slide. */
  flatten?: string;
  /** sharp's limitInputPixels: larger input is refused before its pixels are allocated. Default MAX_DIMENSION². */
  maxPixels?: number;
}

// A crafted header could claim a gigapixel; refuse before allocating, as the frame headers do.
const MAX_PIXELS = MAX_DIMENSION * MAX_DIMENSION;
const BLACK = { r: 0, g: 0, b: 0, alpha: 1 };

/** Throws CodecError CC_CODEC_BAD_IMAGE when `bytes` are not a picture; EXIF rotation is applied. */
export async function decodePicture(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedPicture> {
  if (options.fit) assertDimensions(options.fit.width, options.fit.height, 'CC_CODEC_BAD_OPTIONS', 'fit');
  if (options.flatten !== undefined && !/^#[0-9a-f]{6}$/i.test(options.flatten)) {
    throw new CodecError('CC_CODEC_BAD_OPTIONS', `flatten colour "${options.flatten}" is not #rrggbb`);
  }
  try {
    // Inside the try: sharp's constructor itself throws on an empty buffer.
    let image = sharp(bytes, { limitInputPixels: options.maxPixels ?? MAX_PIXELS, autoOrient: true });
    if (options.flatten !== undefined) image = image.flatten({ background: options.flatten });
    if (options.fit) image = image.resize(options.fit.width, options.fit.height, { fit: 'contain', background: BLACK });
    // sRGB first: a greyscale picture would otherwise come out as 2 channels, not 4.
    const { data, info } = await image.toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: 4 };
  } catch (error) {
    throw badImage(error);
  }
}

/** Raw pixels as the picture has them: 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) channels. */
export interface DecodedChannels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/**
 * Decodes without adding an alpha channel, for a delta's tile atlas: its tiles are copied onto
 * the RGBA picture right after (drawTile expands them while copying), which saves libvips a
 * pass over the atlas (~0.3 ms of ~1.8 ms per delta at a student). No EXIF rotation: an atlas
 * is never a photo.
 */
export async function decodePictureChannels(bytes: Uint8Array, options: Pick<DecodeOptions, 'maxPixels'> = {}): Promise<DecodedChannels> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: options.maxPixels ?? MAX_PIXELS })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw badImage(error);
  }
}

/** Size of a picture as it will decode (after EXIF rotation), read from its header only. */
export async function readPictureSize(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  let size: { width: number; height: number };
  try {
    size = (await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata()).autoOrient;
  } catch (error) {
    throw badImage(error);
  }
  assertDimensions(size.width, size.height, 'CC_CODEC_BAD_IMAGE', 'picture');
  return { width: size.width, height: size.height };
}

function badImage(error: unknown): CodecError {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new CodecError('CC_CODEC_BAD_IMAGE', `not a picture that can be decoded: ${reason}`, { cause: error });
}
