/** Recognises the image formats a keyframe may carry by their leading bytes. */

export const IMAGE_CODECS = ['jpeg', 'webp', 'png'] as const;
export type ImageCodec = (typeof IMAGE_CODECS)[number];

export const FILE_EXTENSION: Record<ImageCodec, string> = { jpeg: 'jpg', webp: 'webp', png: 'png' };
export const MIME_TYPE: Record<ImageCodec, string> = { jpeg: 'image/jpeg', webp: 'image/webp', png: 'image/png' };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((value, index) => bytes[at + index] === value);
}

/** The codec whose signature `bytes` starts with, or undefined. */
export function sniffImageCodec(bytes: Uint8Array): ImageCodec | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return undefined;
}

export function isImageCodec(value: string): value is ImageCodec {
  return (IMAGE_CODECS as readonly string[]).includes(value);
}
