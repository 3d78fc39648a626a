/**
 * Frame upload: how the teacher console in a browser sends its captured screen to the gateway,
 * which encodes it with the teacher stream (sharp) as the desktop app does. Only what changed
 * since the last upload travels, and losslessly: the rectangles of changed tiles as raw RGBA,
 * deflated on the way (a screen of text deflates 10–50×). On the teacher's own machine the
 * deflate is skipped: raw pixels cost nothing on loopback.
 *
 * Binary, little-endian:
 *
 *   "CCU1"                  magic and version
 *   u8   flags              bit 0: the pixel data is deflate-raw compressed
 *   u16  width, u16 height the whole picture (1..MAX_DIMENSION)
 *   f64  capturedAt        ms since the Unix epoch
 *   u16  rectCount         0: nothing changed (the picture is taken again, with this time)
 *   rectCount × (u16 x, u16 y, u16 w, u16 h)
 *   pixels                 each rect's rows top to bottom, w*h*4 bytes of RGBA, rect after rect
 *
 * The first upload, and any upload after a change of size, covers the whole picture (one rect).
 * The receiver refuses everything else with GatewayRequestError (CC_GATEWAY_BAD_REQUEST): rects outside the picture, a body
 * that is not exactly the rects' bytes, or inflates past them (a deflate bomb stops there).
 */
import { GatewayRequestError } from './errors.js';
import { MAX_DIMENSION } from './frame.js';

export const UPLOAD_MAGIC = 'CCU1';
const HEADER_BYTES = 4 + 1 + 2 + 2 + 8 + 2;
const RECT_BYTES = 8;
/** Tiles compared for change: 64×64 keeps the rects few and the diff cheap. */
export const UPLOAD_TILE = 64;
/** A 16384² picture in 64-pixel tiles merged into row runs stays well under this. */
export const MAX_UPLOAD_RECTS = 65_535;

export interface UploadRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FrameUpload {
  width: number;
  height: number;
  capturedAt: number;
  rects: UploadRect[];
  /** The rects' pixels, one after the other (RGBA rows); deflated when `compressed`. */
  body: Uint8Array;
  compressed: boolean;
}

/**
 * The rectangles of `UPLOAD_TILE` tiles that differ between `previous` and `current` (RGBA of the
 * same size), runs of changed tiles in a tile row merged into one rect. No previous: the whole picture.
 */
export function changedRects(previous: Uint8Array | undefined, current: Uint8Array, width: number, height: number): UploadRect[] {
  if (!previous || previous.length !== current.length) return [{ x: 0, y: 0, width, height }];
  const before = new Uint32Array(previous.buffer, previous.byteOffset, previous.length >> 2);
  const now = new Uint32Array(current.buffer, current.byteOffset, current.length >> 2);
  const rects: UploadRect[] = [];
  for (let tileY = 0; tileY < height; tileY += UPLOAD_TILE) {
    const tileHeight = Math.min(UPLOAD_TILE, height - tileY);
    let runStart = -1;
    // One step past the last tile closes a run that reaches the right edge.
    for (let tileX = 0; tileX < width + UPLOAD_TILE; tileX += UPLOAD_TILE) {
      const changed = tileX < width && tileDiffers(before, now, width, tileX, tileY, Math.min(UPLOAD_TILE, width - tileX), tileHeight);
      if (changed && runStart < 0) runStart = tileX;
      if (!changed && runStart >= 0) {
        rects.push({ x: runStart, y: tileY, width: Math.min(tileX, width) - runStart, height: tileHeight });
        runStart = -1;
      }
    }
  }
  return rects;
}

function tileDiffers(before: Uint32Array, now: Uint32Array, width: number, x: number, y: number, tileWidth: number, tileHeight: number): boolean {
  for (let row = y; row < y + tileHeight; row += 1) {
    const start = row * width + x;
    for (let i = start; i < start + tileWidth; i += 1) if (before[i] !== now[i]) return true;
  }
  return false;
}

/** The rects' pixels cut out of `pixels` (RGBA of `width` columns), one after the other. */
export function cutRects(pixels: Uint8Array, width: number, rects: readonly UploadRect[]): Uint8Array {
  const body = new Uint8Array(rects.reduce((sum, rect) => sum + rect.width * rect.height * 4, 0));
  let at = 0;
  for (const rect of rects) {
    for (let row = rect.y; row < rect.y + rect.height; row += 1) {
      const start = (row * width + rect.x) * 4;
      body.set(pixels.subarray(start, start + rect.width * 4), at);
      at += rect.width * 4;
    }
  }
  return body;
}

export function encodeFrameUpload(upload: FrameUpload): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + upload.rects.length * RECT_BYTES + upload.body.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i += 1) bytes[i] = UPLOAD_MAGIC.charCodeAt(i);
  view.setUint8(4, upload.compressed ? 1 : 0);
  view.setUint16(5, upload.width, true);
  view.setUint16(7, upload.height, true);
  view.setFloat64(9, upload.capturedAt, true);
  view.setUint16(17, upload.rects.length, true);
  let at = HEADER_BYTES;
  for (const rect of upload.rects) {
    view.setUint16(at, rect.x, true);
    view.setUint16(at + 2, rect.y, true);
    view.setUint16(at + 4, rect.width, true);
    view.setUint16(at + 6, rect.height, true);
    at += RECT_BYTES;
  }
  bytes.set(upload.body, at);
  return bytes;
}

/** Reads the layout and checks the rects against the picture; the body is checked when applied. */
export function decodeFrameUpload(bytes: Uint8Array): FrameUpload {
  if (bytes.length < HEADER_BYTES) throw new GatewayRequestError(`upload of ${bytes.length} bytes is shorter than its header`);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== UPLOAD_MAGIC) throw new GatewayRequestError(`not a frame upload (starts ${JSON.stringify(magic)}, expected ${UPLOAD_MAGIC})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint8(4);
  if (flags > 1) throw new GatewayRequestError(`upload flags ${flags} are not known`);
  const width = view.getUint16(5, true);
  const height = view.getUint16(7, true);
  const capturedAt = view.getFloat64(9, true);
  const count = view.getUint16(17, true);
  if (width < 1 || height < 1 || width > MAX_DIMENSION || height > MAX_DIMENSION) throw new GatewayRequestError(`upload of a ${width}x${height} picture`);
  if (!Number.isFinite(capturedAt) || capturedAt < 0) throw new GatewayRequestError('upload without a capture time');
  const bodyAt = HEADER_BYTES + count * RECT_BYTES;
  if (bytes.length < bodyAt) throw new GatewayRequestError(`upload of ${count} rects is cut short`);
  const rects: UploadRect[] = [];
  for (let at = HEADER_BYTES; at < bodyAt; at += RECT_BYTES) {
    const rect = { x: view.getUint16(at, true), y: view.getUint16(at + 2, true), width: view.getUint16(at + 4, true), height: view.getUint16(at + 6, true) };
    if (rect.width < 1 || rect.height < 1 || rect.x + rect.width > width || rect.y + rect.height > height) {
      throw new GatewayRequestError(`upload rect ${rect.width}x${rect.height}+${rect.x}+${rect.y} is outside the ${width}x${height} picture`);
    }
    rects.push(rect);
  }
  return { width, height, capturedAt, rects, body: bytes.subarray(bodyAt), compressed: flags === 1 };
}

export interface UploadedPicture {
  width: number;
  height: number;
  capturedAt: number;
  /** width * height * 4 bytes of RGBA: a new buffer, so the one before may still be read. */
  pixels: Uint8Array;
  /** Pixels that travelled in this upload (0 when nothing changed). */
  changedPixels: number;
}

/**
 * The picture an upload makes on top of the one before. `inflate` undoes deflate-raw and must
 * stop at `maxBytes` (Node: zlib.inflateRawSync with maxOutputLength), so a small upload cannot
 * make the gateway allocate more than the picture it says it has.
 */
export function applyFrameUpload(
  previous: UploadedPicture | undefined,
  upload: FrameUpload,
  inflate: (body: Uint8Array, maxBytes: number) => Uint8Array,
): UploadedPicture {
  const { width, height, rects } = upload;
  const expected = rects.reduce((sum, rect) => sum + rect.width * rect.height * 4, 0);
  const sameSize = previous !== undefined && previous.width === width && previous.height === height;
  const whole = rects.length === 1 && rects[0]!.width === width && rects[0]!.height === height;
  if (!sameSize && !whole) throw new GatewayRequestError(`upload of part of a ${width}x${height} picture before the whole of it`);
  let body = upload.body;
  if (upload.compressed) {
    try {
      body = inflate(upload.body, expected);
    } catch (error) {
      throw new GatewayRequestError(
        `upload pixels do not inflate to the ${expected} bytes of its rects (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  if (body.length !== expected) throw new GatewayRequestError(`upload carries ${body.length} bytes of pixels for rects of ${expected}`);
  const pixels = sameSize && !whole ? new Uint8Array(previous.pixels) : new Uint8Array(width * height * 4);
  let at = 0;
  for (const rect of rects) {
    for (let row = rect.y; row < rect.y + rect.height; row += 1) {
      const rowBytes = rect.width * 4;
      pixels.set(body.subarray(at, at + rowBytes), (row * width + rect.x) * 4);
      at += rowBytes;
    }
  }
  return { width, height, capturedAt: upload.capturedAt, pixels, changedPixels: expected / 4 };
}
