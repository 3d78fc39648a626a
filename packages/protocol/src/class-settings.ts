/**
 * Class settings: what an admin decides for a class and every viewer obeys, kept in the class's
 * compacted settings topic (names.ts settingsTopic), one record per setting, keyed by its name.
 * Kafka refuses topic configs it does not know, so a setting of classcast's own cannot live in
 * the frame topic's config; a compacted topic keeps the newest value of each key for ever and
 * is read with the same clients and ACLs as the rest of the class.
 *
 *   max-picture   the largest picture a viewer decodes, as "WIDTHxHEIGHT" in plain text (any
 *                 Kafka tool can read or write it). Compared as a pixel count, as the viewers'
 *                 limit always was, so a portrait screen of the same memory passes too.
 *
 * A value that cannot be read is reported with a reason, never thrown: the viewer falls back to
 * the default and says so.
 */
import { MAX_DIMENSION } from './frame.js';
import type { PictureSize } from './picture-chain.js';

/** The settings topic's record key of the picture-size limit. */
export const MAX_PICTURE_SETTING = 'max-picture';

/** 4K: the limit of a class without a setting (DEFAULT_MAX_PICTURE_PIXELS as a size). */
export const DEFAULT_MAX_PICTURE: PictureSize = { width: 3840, height: 2160 };

/**
 * No setting may go beyond the frame format itself: cc.w and cc.h are at most MAX_DIMENSION
 * (16384), so 16384x16384 (1 GiB as RGBA) is the absolute ceiling. A setting above it could
 * never admit a valid frame and would only tell sharp to allocate more.
 */
export const MAX_PICTURE_CEILING: PictureSize = { width: MAX_DIMENSION, height: MAX_DIMENSION };

export type PictureSizeCheck = { size: PictureSize } | { problem: string };

const SIZE_PATTERN = /^([1-9][0-9]{0,4})x([1-9][0-9]{0,4})$/;

/** Reads "WIDTHxHEIGHT" (e.g. 3840x2160), each side 1..16384. */
export function parsePictureSize(text: string): PictureSizeCheck {
  const match = SIZE_PATTERN.exec(text.trim());
  if (!match) return { problem: `"${text.slice(0, 40)}" is not a picture size: write WIDTHxHEIGHT, e.g. 3840x2160` };
  const size = { width: Number(match[1]), height: Number(match[2]) };
  if (size.width > MAX_PICTURE_CEILING.width || size.height > MAX_PICTURE_CEILING.height) {
    return { problem: `${formatPictureSize(size)} is larger than the frame format allows (${formatPictureSize(MAX_PICTURE_CEILING)})` };
  }
  return { size };
}

/** A max-picture record's value (bytes off the settings topic) as a size, or why it is unusable. */
export function readMaxPictureValue(value: Uint8Array | null | undefined): PictureSizeCheck {
  if (!value || value.length === 0) return { problem: 'the max-picture setting is empty' };
  if (value.length > 32) return { problem: `the max-picture setting is ${value.length} bytes, not a picture size` };
  const checked = parsePictureSize(new TextDecoder().decode(value));
  return 'problem' in checked ? { problem: `the max-picture setting ${checked.problem}` } : checked;
}

export function formatPictureSize(size: PictureSize): string {
  return `${size.width}x${size.height}`;
}

/** A viewer's picture limit: the pixel count it checks, and how a refusal names it. */
export interface PictureLimit {
  readonly maxPixels: number;
  /** e.g. "the class's limit of 640x360 (230400 pixels)". */
  readonly description: string;
}

export const DEFAULT_PICTURE_LIMIT: PictureLimit = pictureLimit(DEFAULT_MAX_PICTURE, 'the default limit');

/** The limit of a class setting (or of the default), named for the refusals it causes. */
export function pictureLimit(size: PictureSize, whose = "the class's limit"): PictureLimit {
  const maxPixels = size.width * size.height;
  return { maxPixels, description: `${whose} of ${formatPictureSize(size)} (${maxPixels} pixels)` };
}
