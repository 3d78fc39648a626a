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

export interface ImageHeaderSize {
  readonly codec: ImageCodec;
  readonly width: number;
  readonly height: number;
}

/**
 * The size a picture declares in its own header (JPEG SOF, PNG IHDR, WebP VP8/VP8L/VP8X), read
 * without decoding, so a viewer can refuse a decompression bomb before it allocates the pixels.
 * Undefined when the bytes are no picture of these codecs or their header is cut short.
 */
export function readImageSize(bytes: Uint8Array): ImageHeaderSize | undefined {
  const codec = sniffImageCodec(bytes);
  const size = codec === 'jpeg' ? jpegSize(bytes) : codec === 'png' ? pngSize(bytes) : codec === 'webp' ? webpSize(bytes) : undefined;
  return codec && size && size.width > 0 && size.height > 0 ? { codec, ...size } : undefined;
}

type Size = { width: number; height: number };
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const u32le = (b: Uint8Array, at: number) => (u24le(b, at) | (b[at + 3]! << 24)) >>> 0;

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); C4, C8 and CC are not frames. */
const JPEG_SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(bytes: Uint8Array): Size | undefined {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // image data or end before any SOF
    // SOFn: length(2) precision(1) height(2) width(2)
    if (JPEG_SOF.has(marker)) return at + 9 <= bytes.length ? { height: u16be(bytes, at + 5), width: u16be(bytes, at + 7) } : undefined;
    at += 2 + u16be(bytes, at + 2);
  }
  return undefined;
}

function pngSize(bytes: Uint8Array): Size | undefined {
  // signature(8) length(4) "IHDR" width(4) height(4): IHDR must come first.
  if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return { width: u32be(bytes, 16), height: u32be(bytes, 20) };
}

function webpSize(bytes: Uint8Array): Size | undefined {
  if (bytes.length < 30) return undefined;
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  const data = 20;
  // VP8X: the canvas, 24-bit width-1 and height-1 after 4 bytes of flags.
  if (chunk === 'VP8X') return { width: u24le(bytes, data + 4) + 1, height: u24le(bytes, data + 7) + 1 };
  // VP8L: signature 0x2f, then 14 bits width-1 and 14 bits height-1.
  if (chunk === 'VP8L' && bytes[data] === 0x2f) {
    const bits = u32le(bytes, data + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  // VP8 (lossy): 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
  if (chunk === 'VP8 ' && bytes[data + 3] === 0x9d && bytes[data + 4] === 0x01 && bytes[data + 5] === 0x2a) {
    return { width: u16le(bytes, data + 6) & 0x3fff, height: u16le(bytes, data + 8) & 0x3fff };
  }
  return undefined;
}
