/**
 * The value of a delta frame, version 2 (frames with cc.v "2"): what changed since the previous
 * picture, as copy operations (a part of the picture moved: a scroll, a moved window) and
 * rectangles of new pixels, carried in a few pictures of their own codec (lossless PNG for text
 * and UI, JPEG for photographs). Version 1 (tile-container.ts, magic "CCD1": grid tiles in one
 * atlas) is still read, for lessons recorded before it.
 *
 *   offset  size   field
 *   0       4      magic "CCD2"
 *   4       2      copy count C (u16 BE, 0..MAX_DELTA_COPIES)
 *   6       1      picture count P (u8, 0..MAX_DELTA_PICTURES)
 *   7       1      reserved, 0
 *   8       4      rect count R (u32 BE, 0..MAX_DELTA_RECTS); C + R ≥ 1
 *   12      12·C   copies, in drawing order: source x, y, width, height, target x, y (u16 BE each).
 *                  Both rectangles lie inside the frame and differ. Targets do not overlap one
 *                  another, and no copy reads from the target of an earlier one, so copying in
 *                  order from the picture itself (the browser's drawImage of its own canvas) is
 *                  the same as copying from the picture before this frame.
 *   …      10·P   pictures: codec (u8: 1 jpeg, 2 webp, 3 png), reserved u8 (0), width, height
 *                  (u16 BE, 1..MAX_DIMENSION), byte length (u32 BE, ≥ 1)
 *   …      14·R   rects, drawn after every copy, in order: picture index (u8, < P), reserved u8
 *                  (0), x, y in the picture, x, y in the frame, width, height (u16 BE each, ≥ 1),
 *                  inside both. Together they cover at most the frame's pixel count.
 *   …      …      the P pictures' bytes, one after another, each of its byte length and codec
 *                  signature; nothing after the last. Every picture is used by a rect, and the
 *                  pictures together have at most the frame's pixel count (a delta never costs a
 *                  viewer more than a keyframe would).
 *
 * decodeDeltaContainer() reads either version into one shape (DeltaContainer), so every
 * compositor draws both the same way; a later version's magic ("CCD3"…) gets a clear
 * CC_FRAME_UNSUPPORTED_VERSION, never garbage.
 */
import { FrameFormatError } from './errors.js';
import { sniffImageCodec, type ImageCodec } from './image-signature.js';
import { atlasSize, decodeTileContainer, tilePlacements, TILE_CONTAINER_MAGIC, type TilePlacement } from './tile-container.js';

export const DELTA_CONTAINER_MAGIC = [0x43, 0x43, 0x44, 0x32] as const; // "CCD2"
export const DELTA_CONTAINER_VERSION = 2;
export const MAX_DELTA_COPIES = 256;
export const MAX_DELTA_PICTURES = 4;
export const MAX_DELTA_RECTS = 65_535;

const FIXED_BYTES = 12;
const COPY_BYTES = 12;
const PICTURE_BYTES = 10;
const RECT_BYTES = 14;
const CODEC_IDS: Record<ImageCodec, number> = { jpeg: 1, webp: 2, png: 3 };
const CODECS_BY_ID = new Map(Object.entries(CODEC_IDS).map(([codec, id]) => [id, codec as ImageCodec]));

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels moved within the picture: the rectangle at (sourceX, sourceY) is drawn at (targetX, targetY). */
export interface CopyRect {
  sourceX: number;
  sourceY: number;
  targetX: number;
  targetY: number;
  width: number;
  height: number;
}

export interface DeltaPicture {
  codec: ImageCodec;
  width: number;
  height: number;
  bytes: Uint8Array;
}

/** New pixels: `placement` cut from picture number `picture` (atlasX/Y is where in that picture). */
export interface DeltaRect extends TilePlacement {
  picture: number;
}

/** A delta of either version, as every compositor draws it: the copies in order, then the rects. */
export interface DeltaContainer {
  version: 1 | 2;
  copies: CopyRect[];
  pictures: DeltaPicture[];
  rects: DeltaRect[];
}

export function encodeDeltaContainer(delta: Omit<DeltaContainer, 'version'>): Uint8Array {
  const { copies, pictures, rects } = delta;
  const headerBytes = FIXED_BYTES + COPY_BYTES * copies.length + PICTURE_BYTES * pictures.length + RECT_BYTES * rects.length;
  const bytes = new Uint8Array(headerBytes + pictures.reduce((sum, picture) => sum + picture.bytes.length, 0));
  const view = new DataView(bytes.buffer);
  bytes.set(DELTA_CONTAINER_MAGIC, 0);
  view.setUint16(4, copies.length);
  view.setUint8(6, pictures.length);
  view.setUint32(8, rects.length);
  let at = FIXED_BYTES;
  const put16 = (...values: number[]) => {
    for (const value of values) {
      view.setUint16(at, value);
      at += 2;
    }
  };
  for (const copy of copies) put16(copy.sourceX, copy.sourceY, copy.width, copy.height, copy.targetX, copy.targetY);
  for (const picture of pictures) {
    view.setUint8(at, CODEC_IDS[picture.codec]);
    at += 2;
    put16(picture.width, picture.height);
    view.setUint32(at, picture.bytes.length);
    at += 4;
  }
  for (const rect of rects) {
    view.setUint8(at, rect.picture);
    at += 2;
    put16(rect.atlasX, rect.atlasY, rect.frameX, rect.frameY, rect.width, rect.height);
  }
  for (const picture of pictures) {
    bytes.set(picture.bytes, at);
    at += picture.bytes.length;
  }
  return bytes;
}

interface FrameShape {
  width: number;
  height: number;
  codec: ImageCodec;
}

/** Reads and checks a delta value of either version against its frame; throws FrameFormatError. */
export function decodeDeltaContainer(value: Uint8Array, frame: FrameShape): DeltaContainer {
  if (startsWith(value, TILE_CONTAINER_MAGIC)) return fromTileContainer(value, frame);
  if (startsWith(value, DELTA_CONTAINER_MAGIC)) return readVersion2(value, frame);
  if (startsWith(value, DELTA_CONTAINER_MAGIC.slice(0, 3)) && value.length > 3 && value[3]! > DELTA_CONTAINER_MAGIC[3]) {
    throw new FrameFormatError(
      'CC_FRAME_UNSUPPORTED_VERSION',
      `delta container "CCD${String.fromCharCode(value[3]!)}" is newer than this viewer reads (CCD1, CCD2): update classcast`,
    );
  }
  throw bad('value does not start with a delta container magic (CCD1 or CCD2)');
}

function fromTileContainer(value: Uint8Array, frame: FrameShape): DeltaContainer {
  const tiles = decodeTileContainer(value, frame);
  const size = atlasSize(tiles);
  return {
    version: 1,
    copies: [],
    pictures: [{ codec: frame.codec, width: size.width, height: size.height, bytes: tiles.atlas }],
    rects: tilePlacements(tiles, frame.width, frame.height).map((placement) => ({ ...placement, picture: 0 })),
  };
}

function readVersion2(value: Uint8Array, frame: FrameShape): DeltaContainer {
  if (value.length < FIXED_BYTES) throw bad('value ends inside its CCD2 header');
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const copyCount = view.getUint16(4);
  const pictureCount = view.getUint8(6);
  const rectCount = view.getUint32(8);
  if (view.getUint8(7) !== 0) throw bad('reserved byte 7 is not 0');
  if (copyCount > MAX_DELTA_COPIES) throw bad(`${copyCount} copies, more than ${MAX_DELTA_COPIES}`);
  if (pictureCount > MAX_DELTA_PICTURES) throw bad(`${pictureCount} pictures, more than ${MAX_DELTA_PICTURES}`);
  if (rectCount > MAX_DELTA_RECTS) throw bad(`${rectCount} rects, more than ${MAX_DELTA_RECTS}`);
  if (copyCount + rectCount === 0) throw bad('no copies and no rects: nothing changed');
  const headerBytes = FIXED_BYTES + COPY_BYTES * copyCount + PICTURE_BYTES * pictureCount + RECT_BYTES * rectCount;
  if (value.length < headerBytes) throw bad(`value ends inside its ${copyCount} copies, ${pictureCount} pictures and ${rectCount} rects`);
  const framePixels = frame.width * frame.height;
  let at = FIXED_BYTES;
  const next16 = () => {
    const word = view.getUint16(at);
    at += 2;
    return word;
  };

  const copies: CopyRect[] = [];
  for (let i = 0; i < copyCount; i += 1) {
    const [sourceX, sourceY, width, height, targetX, targetY] = [next16(), next16(), next16(), next16(), next16(), next16()] as const;
    const copy = { sourceX, sourceY, width, height, targetX, targetY };
    const source = { x: sourceX, y: sourceY, width, height };
    const target = { x: targetX, y: targetY, width, height };
    if (!inside(source, frame) || !inside(target, frame)) throw bad(`copy ${i} (${describeCopy(copy)}) is not inside the ${frame.width}x${frame.height} frame`);
    if (sourceX === targetX && sourceY === targetY) throw bad(`copy ${i} moves nothing`);
    copies.forEach((earlier, j) => {
      const earlierTarget = { x: earlier.targetX, y: earlier.targetY, width: earlier.width, height: earlier.height };
      if (overlaps(target, earlierTarget)) throw bad(`copy ${i} overlaps the target of copy ${j}`);
      if (overlaps(source, earlierTarget)) throw bad(`copy ${i} reads from the target of copy ${j}`);
    });
    copies.push(copy);
  }

  const declared: Array<Omit<DeltaPicture, 'bytes'> & { length: number }> = [];
  let picturePixels = 0;
  for (let i = 0; i < pictureCount; i += 1) {
    const codec = CODECS_BY_ID.get(view.getUint8(at));
    if (!codec) throw bad(`picture ${i} has codec id ${view.getUint8(at)}, not 1 (jpeg), 2 (webp) or 3 (png)`);
    if (view.getUint8(at + 1) !== 0) throw bad(`picture ${i}'s reserved byte is not 0`);
    at += 2;
    const width = next16();
    const height = next16();
    const length = view.getUint32(at);
    at += 4;
    if (width < 1 || height < 1 || length < 1) throw bad(`picture ${i} is ${width}x${height} in ${length} bytes`);
    picturePixels += width * height;
    declared.push({ codec, width, height, length });
  }
  if (picturePixels > framePixels) throw bad(`its pictures have ${picturePixels} pixels, more than the ${frame.width}x${frame.height} frame`);

  const rects: DeltaRect[] = [];
  const used = new Set<number>();
  let rectPixels = 0;
  for (let i = 0; i < rectCount; i += 1) {
    const picture = view.getUint8(at);
    if (view.getUint8(at + 1) !== 0) throw bad(`rect ${i}'s reserved byte is not 0`);
    at += 2;
    const [atlasX, atlasY, frameX, frameY, width, height] = [next16(), next16(), next16(), next16(), next16(), next16()] as const;
    const source = declared[picture];
    if (!source) throw bad(`rect ${i} names picture ${picture} of ${pictureCount}`);
    if (!inside({ x: frameX, y: frameY, width, height }, frame)) throw bad(`rect ${i} (${width}x${height} at ${frameX},${frameY}) is not inside the frame`);
    if (!inside({ x: atlasX, y: atlasY, width, height }, source)) throw bad(`rect ${i} is not inside picture ${picture} (${source.width}x${source.height})`);
    rectPixels += width * height;
    if (rectPixels > framePixels) throw bad(`its rects cover more pixels than the ${frame.width}x${frame.height} frame`);
    used.add(picture);
    rects.push({ picture, atlasX, atlasY, frameX, frameY, width, height });
  }
  if (used.size !== pictureCount) throw bad('a picture is used by no rect');

  const pictures: DeltaPicture[] = declared.map(({ codec, width, height, length }, i) => {
    if (at + length > value.length) throw bad(`value ends inside picture ${i}`);
    const bytes = value.subarray(at, at + length);
    at += length;
    if (sniffImageCodec(bytes) !== codec) throw bad(`picture ${i} is not a ${codec} picture`);
    return { codec, width, height, bytes };
  });
  if (at !== value.length) throw bad(`${value.length - at} bytes after the last picture`);
  return { version: 2, copies, pictures, rects };
}

function startsWith(value: Uint8Array, magic: readonly number[]): boolean {
  return value.length >= magic.length && magic.every((byte, i) => value[i] === byte);
}

function inside(rect: Rect, area: { width: number; height: number }): boolean {
  return rect.width >= 1 && rect.height >= 1 && rect.x + rect.width <= area.width && rect.y + rect.height <= area.height;
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function describeCopy(copy: CopyRect): string {
  return `${copy.width}x${copy.height} from ${copy.sourceX},${copy.sourceY} to ${copy.targetX},${copy.targetY}`;
}

function bad(why: string): FrameFormatError {
  return new FrameFormatError('CC_FRAME_BAD_PAYLOAD', `delta frame: ${why}`);
}
