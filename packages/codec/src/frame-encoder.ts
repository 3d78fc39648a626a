/**
 * The live encoder of a screen stream: decides per picture between a keyframe (the whole
 * picture), a delta (only the changed tiles, packed into one atlas picture) and nothing at all
 * (the screen did not change). A still slide then costs almost no bytes.
 *
 * Keyframes: the first picture, whenever more than `keyframeChangeRatio` of the tiles changed (a
 * delta would cost about as much), and on request. Every `keyframeIntervalMs` the stream also
 * gets a *refresh*: the picture just encoded, whole, as an extra keyframe after its delta
 * (takeRefresh). Late joiners start from it; students who followed every frame already have
 * that picture and skip decoding it, so the refresh costs them nothing (a plain keyframe at the
 * interval would make every student decode a whole picture at the same moment).
 */
import { encodeTileContainer, type ImageCodec, type TilePosition } from '@classcast/protocol';
import sharp from 'sharp';
import { createEncoder, type Encoder } from './encoder.js';
import { resolveEncoderOptions, scaledSize, type EncoderOptions } from './encoder-options.js';
import { assertRawFrame, type RawFrame } from './raw-frame.js';
import { packTiles } from './tile-atlas.js';
import { findChangedTiles } from './tile-diff.js';

export interface FrameEncoderOptions extends EncoderOptions {
  /** Edge of a square tile in pixels, a multiple of 8 (JPEG blocks). Default 64. */
  tileSize?: number;
  /** Default 10 s, as Veyon's demo server does. */
  keyframeIntervalMs?: number;
  /** A change over this share of the tiles sends a keyframe instead. Default 0.5. */
  keyframeChangeRatio?: number;
  /** false: every picture is a keyframe (no tile deltas, no refreshes). Default true. */
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

export const DEFAULT_TILE_SIZE = 64;

export function createFrameEncoder(options: FrameEncoderOptions = {}): FrameEncoder {
  const settings = resolveEncoderOptions(options);
  const tileSize = options.tileSize ?? DEFAULT_TILE_SIZE;
  const intervalMs = options.keyframeIntervalMs ?? 10_000;
  const changeRatio = options.keyframeChangeRatio ?? 0.5;
  const deltas = options.deltas ?? true;
  // Tiles are cut from the already scaled picture, so the encoders themselves never scale.
  const pictureEncoder: Encoder = createEncoder({ ...settings, scale: 1 });
  let previous: RawFrame | undefined;
  let lastKeyAt = -Infinity;
  let keyRequested = true;
  let refreshDue = false;

  async function encodeWhole(frame: RawFrame): Promise<EncodedKeyframe> {
    lastKeyAt = frame.capturedAt;
    const picture = await pictureEncoder.encode(frame);
    const totalTiles = Math.ceil(frame.width / tileSize) * Math.ceil(frame.height / tileSize);
    return { kind: 'key', bytes: picture.bytes, codec: picture.codec, width: frame.width, height: frame.height, changedTiles: totalTiles, totalTiles };
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
      const mustKey = keyRequested || !sameShape || !deltas;
      const changes = mustKey ? undefined : findChangedTiles(reference.data, frame.data, frame.width, frame.height, tileSize);
      const totalTiles = Math.ceil(frame.width / tileSize) * Math.ceil(frame.height / tileSize);
      if (!changes || changes.count > totalTiles * changeRatio) {
        keyRequested = false;
        return encodeWhole(frame);
      }
      refreshDue = frame.capturedAt - lastKeyAt >= intervalMs;
      if (changes.count === 0) return { kind: 'unchanged', width: frame.width, height: frame.height, totalTiles };
      const tiles: TilePosition[] = [];
      changes.changed.forEach((isChanged, index) => {
        if (isChanged) tiles.push({ column: index % changes.columns, row: Math.floor(index / changes.columns) });
      });
      const { layout, atlas } = packTiles(frame, tiles, tileSize);
      const atlasPicture = await pictureEncoder.encode({
        ...atlas,
        data: Buffer.from(atlas.data.buffer, atlas.data.byteOffset, atlas.data.byteLength),
        pixelFormat: frame.pixelFormat,
        capturedAt: frame.capturedAt,
      });
      const bytes = Buffer.from(encodeTileContainer({ ...layout, atlas: atlasPicture.bytes }));
      return { kind: 'delta', bytes, codec: atlasPicture.codec, width: frame.width, height: frame.height, changedTiles: tiles.length, totalTiles };
    },
  };
}

async function scaleRaw(frame: RawFrame, scale: number): Promise<RawFrame> {
  const size = scaledSize(frame.width, frame.height, scale);
  const data = await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 4 } })
    .resize(size.width, size.height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { ...frame, data, width: size.width, height: size.height };
}
