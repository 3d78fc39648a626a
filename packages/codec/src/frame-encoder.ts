/**
 * The live encoder of a screen stream: decides per picture between a keyframe (the whole
 * picture), a delta (what changed, in a version 2 delta container) and nothing at all (the
 * screen did not change). A still slide then costs almost no bytes.
 *
 * A delta is made the way RDP, VNC and Guacamole make screen updates:
 * 1. copies: parts of the previous picture that moved (a scroll, a dragged window) are found by
 *    motion-search.ts and sent as copy operations, so a scroll costs only its uncovered strip;
 * 2. what still differs after those copies, in rects on an 8-pixel grid (dirty-rects.ts), sent
 *    as pictures: text and UI (few colours) in one lossless WebP atlas, so code and terminals
 *    reach the student pixel-exact; photographs in one atlas of the stream's codec (JPEG).
 * A keyframe of screen content is lossless WebP too, one of photographs the stream's codec.
 *
 * Keyframes: the first picture, whenever the pixels to send after the copies cover more than
 * `keyframeChangeRatio` of the screen (a delta would cost about as much), and on request. The
 * stream also gets *refreshes*: the picture just encoded, whole, as an extra keyframe after its
 * delta (takeRefresh). Late joiners start from it; students who followed every frame already have
 * that picture and skip decoding it. A refresh bounds what a late joiner must read and draw (the
 * last keyframe and every delta since). Once `keyframeIntervalMs` has passed and the deltas since
 * the last keyframe have cost CATCH_UP_BUDGET times its bytes, a refresh waits for a moment the
 * screen is still (a pause in typing), where encoding a whole picture delays no change; at twice
 * the budget it comes after the next delta whatever (a late joiner then reads at most about nine
 * keyframes' worth: typing, a few hundred small deltas). A still screen, whose catch-up is its
 * keyframe alone, gets one every REFRESH_AT_LEAST_EVERY intervals (so a keyframe stays within the
 * topic's retention).
 */
import { encodeDeltaContainer, tileGrid, type CopyRect, type DeltaPicture, type DeltaRect, type ImageCodec } from '@classcast/protocol';
import sharp from 'sharp';
import { findDirtyRects, losslessShare, type DirtyRect } from './dirty-rects.js';
import { createEncoder, createLosslessEncoder, type Encoder } from './encoder.js';
import { resolveEncoderOptions, scaledSize, type EncoderOptions } from './encoder-options.js';
import { createMotionSearch, MOTION_CELL } from './motion-search.js';
import { assertRawFrame, type RawFrame } from './raw-frame.js';
import { packRects } from './rect-atlas.js';
import { moveRect, type Pixels } from './tile-atlas.js';
import { findChangedTiles } from './tile-diff.js';

export interface FrameEncoderOptions extends EncoderOptions {
  /** The least time between refreshes, default 10 s, as Veyon's demo server does. */
  keyframeIntervalMs?: number;
  /** New pixels over this share of the screen send a keyframe instead. Default 0.5. */
  keyframeChangeRatio?: number;
  /** false: every picture is a keyframe (no deltas, no refreshes). Default true. */
  deltas?: boolean;
}

export type EncodedFrame =
  | { kind: 'key' | 'delta'; bytes: Buffer; codec: ImageCodec; width: number; height: number; changedTiles: number; totalTiles: number }
  | { kind: 'unchanged'; width: number; height: number; totalTiles: number };

export type EncodedKeyframe = Extract<EncodedFrame, { kind: 'key' | 'delta' }> & { kind: 'key' };

export interface FrameEncoder {
  encode(frame: RawFrame): Promise<EncodedFrame>;
  /**
   * Call after each encode(): when a refresh is due, the picture just encoded as a whole
   * keyframe, to send right after what encode() returned. Undefined when none is due.
   */
  takeRefresh(): Promise<EncodedKeyframe | undefined>;
  /** The next picture is sent whole (a new student, a settings change). */
  forceKeyframe(): void;
}

/** The grid on which changes are first found (and counted for the teacher's figures). */
export const DEFAULT_TILE_SIZE = MOTION_CELL;
/** Moving content changes many cells at once; below this many, the motion search is skipped (typing, a cursor). */
const MIN_CELLS_FOR_MOTION = 3;
/**
 * Deltas since the last keyframe may cost this many times its bytes before a refresh. A refresh is
 * a whole picture on the wire for every student, like x264's periodic I-frames; typing at 10 fps
 * then refreshes about every 30 s rather than every 10 s.
 */
export const CATCH_UP_BUDGET = 4;
/** Even a still screen is refreshed after this many keyframe intervals. */
const REFRESH_AT_LEAST_EVERY = 6;
/** A keyframe is sent lossless when at least this share of its sampled cells are screen content. */
const LOSSLESS_KEYFRAME_SHARE = 0.8;

export function createFrameEncoder(options: FrameEncoderOptions = {}): FrameEncoder {
  const settings = resolveEncoderOptions(options);
  const intervalMs = options.keyframeIntervalMs ?? 10_000;
  const changeRatio = options.keyframeChangeRatio ?? 0.5;
  const deltas = options.deltas ?? true;
  // Pictures are cut from the already scaled screen, so the encoders themselves never scale.
  const lossy: Encoder = createEncoder({ ...settings, scale: 1 });
  const lossless: Encoder = createLosslessEncoder();
  const motion = createMotionSearch();
  let previous: RawFrame | undefined;
  let keyCodec: ImageCodec = settings.codec;
  let lastKeyAt = -Infinity;
  /** The last keyframe's bytes, and the deltas' since: what a late joiner reads to catch up. */
  let catchUp = { keyBytes: 0, deltaBytes: 0 };
  let keyRequested = true;
  let refreshDue = false;

  function isRefreshDue(at: number, screenStill: boolean): boolean {
    const elapsed = at - lastKeyAt;
    const spent = catchUp.deltaBytes / (catchUp.keyBytes * CATCH_UP_BUDGET);
    if (elapsed < intervalMs) return false;
    return spent >= 2 || (spent >= 1 && screenStill) || elapsed >= intervalMs * REFRESH_AT_LEAST_EVERY;
  }

  async function encodeWhole(frame: RawFrame): Promise<EncodedKeyframe> {
    lastKeyAt = frame.capturedAt;
    const encoder = deltas && isScreenContent(frame) ? lossless : lossy;
    const picture = await encoder.encode(frame);
    keyCodec = picture.codec;
    catchUp = { keyBytes: picture.bytes.length, deltaBytes: 0 };
    const totalTiles = countTiles(frame);
    return { kind: 'key', bytes: picture.bytes, codec: picture.codec, width: frame.width, height: frame.height, changedTiles: totalTiles, totalTiles };
  }

  async function encodePictures(frame: RawFrame, dirty: DirtyRect[]): Promise<{ pictures: DeltaPicture[]; rects: DeltaRect[] }> {
    const pictures: DeltaPicture[] = [];
    const rects: DeltaRect[] = [];
    for (const [isLossless, encoder] of [
      [true, lossless],
      [false, lossy],
    ] as const) {
      const group = dirty.filter((rect) => rect.lossless === isLossless);
      if (group.length === 0) continue;
      const { atlas, placements } = packRects(frame, group);
      const encoded = await encoder.encode(asRaw(atlas, frame));
      for (const placement of placements) rects.push({ ...placement, picture: pictures.length });
      pictures.push({ codec: encoded.codec, width: atlas.width, height: atlas.height, bytes: encoded.bytes });
    }
    return { pictures, rects };
  }

  return {
    forceKeyframe() {
      keyRequested = true;
    },
    async takeRefresh() {
      if (!refreshDue || !previous) return undefined;
      refreshDue = false;
      return encodeWhole(previous);
    },
    async encode(input) {
      assertRawFrame(input);
      const frame = settings.scale === 1 ? input : await scaleRaw(input, settings.scale);
      const reference = previous;
      previous = frame;
      refreshDue = false;
      const sameShape = reference && reference.width === frame.width && reference.height === frame.height && reference.pixelFormat === frame.pixelFormat;
      const totalTiles = countTiles(frame);
      if (keyRequested || !sameShape || !deltas) {
        keyRequested = false;
        return encodeWhole(frame);
      }
      const changes = findChangedTiles(reference.data, frame.data, frame.width, frame.height, MOTION_CELL);
      if (changes.count === 0) {
        refreshDue = isRefreshDue(frame.capturedAt, true);
        return { kind: 'unchanged', width: frame.width, height: frame.height, totalTiles };
      }
      const copies = changes.count >= MIN_CELLS_FOR_MOTION ? motion.find(reference.data, frame.data, frame.width, frame.height, changes.changed) : [];
      const predicted = copies.length > 0 ? withCopies(reference, copies) : reference.data;
      const dirty = findDirtyRects(predicted, frame.data, frame.width, frame.height);
      const dirtyPixels = dirty.reduce((sum, rect) => sum + rect.width * rect.height, 0);
      if (dirtyPixels > frame.width * frame.height * changeRatio) return encodeWhole(frame);
      const { pictures, rects } = dirty.length > 0 ? await encodePictures(frame, dirty) : { pictures: [], rects: [] };
      // Packing pads rects; a delta whose pictures outgrow the screen would be refused by viewers.
      if (pictures.reduce((sum, picture) => sum + picture.width * picture.height, 0) > frame.width * frame.height) return encodeWhole(frame);
      const bytes = Buffer.from(encodeDeltaContainer({ copies, pictures, rects }));
      catchUp.deltaBytes += bytes.length;
      refreshDue = isRefreshDue(frame.capturedAt, false);
      return { kind: 'delta', bytes, codec: keyCodec, width: frame.width, height: frame.height, changedTiles: changes.count, totalTiles };
    },
  };
}

/** The previous screen as the students will have it after the copies: what the pictures must correct. */
function withCopies(reference: RawFrame, copies: CopyRect[]): Buffer {
  const picture: Pixels = { data: Buffer.from(reference.data), width: reference.width, height: reference.height };
  for (const copy of copies) moveRect(picture, copy);
  return picture.data as Buffer;
}

/** Screen content (text, UI) rather than a photograph or video: most sampled 16-pixel cells have few colours. */
function isScreenContent(frame: RawFrame): boolean {
  return losslessShare(frame.data, frame.width, frame.height) >= LOSSLESS_KEYFRAME_SHARE;
}

function asRaw(pixels: Pixels, like: RawFrame): RawFrame {
  return {
    data: Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength),
    width: pixels.width,
    height: pixels.height,
    pixelFormat: like.pixelFormat,
    capturedAt: like.capturedAt,
  };
}

function countTiles(frame: RawFrame): number {
  const { columns, rows } = tileGrid(frame.width, frame.height, MOTION_CELL);
  return columns * rows;
}

async function scaleRaw(frame: RawFrame, scale: number): Promise<RawFrame> {
  const size = scaledSize(frame.width, frame.height, scale);
  const data = await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 4 } })
    .resize(size.width, size.height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { ...frame, data, width: size.width, height: size.height };
}
