/**
 * The live encoder of a screen stream: decides per picture between a keyframe (the whole
 * picture), a delta (only the changed tiles, packed into one atlas picture) and nothing at all
 * (the screen did not change). A still slide then costs almost no bytes.
 *
 * Keyframes: the first picture, every `keyframeIntervalMs`, whenever more than
 * `keyframeChangeRatio` of the tiles changed (a delta would cost about as much), and on request.
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
}

export type EncodedFrame =
  | { kind: 'key' | 'delta'; bytes: Buffer; codec: ImageCodec; width: number; height: number; changedTiles: number; totalTiles: number }
  | { kind: 'unchanged'; width: number; height: number; totalTiles: number };

export interface FrameEncoder {
  encode(frame: RawFrame): Promise<EncodedFrame>;
  /** The next picture is sent whole (a new student, a settings change). */
  forceKeyframe(): void;
}

export const DEFAULT_TILE_SIZE = 64;

export function createFrameEncoder(options: FrameEncoderOptions = {}): FrameEncoder {
  const settings = resolveEncoderOptions(options);
  const tileSize = options.tileSize ?? DEFAULT_TILE_SIZE;
  const intervalMs = options.keyframeIntervalMs ?? 10_000;
  const changeRatio = options.keyframeChangeRatio ?? 0.5;
  // Tiles are cut from the already scaled picture, so the encoders themselves never scale.
  const pictureEncoder: Encoder = createEncoder({ ...settings, scale: 1 });
  let previous: RawFrame | undefined;
  let lastKeyAt = -Infinity;
  let keyRequested = true;

  return {
    forceKeyframe() {
      keyRequested = true;
    },
    async encode(input) {
      assertRawFrame(input);
      const frame = settings.scale === 1 ? input : await scaleRaw(input, settings.scale);
      const reference = previous;
      previous = frame;
      const sameShape = reference && reference.width === frame.width && reference.height === frame.height && reference.pixelFormat === frame.pixelFormat;
      const due = keyRequested || !sameShape || frame.capturedAt - lastKeyAt >= intervalMs;
      const changes = sameShape && !due ? findChangedTiles(reference.data, frame.data, frame.width, frame.height, tileSize) : undefined;
      const totalTiles = Math.ceil(frame.width / tileSize) * Math.ceil(frame.height / tileSize);
      if (!changes || changes.count > totalTiles * changeRatio) {
        keyRequested = false;
        lastKeyAt = frame.capturedAt;
        const picture = await pictureEncoder.encode(frame);
        return { kind: 'key', bytes: picture.bytes, codec: picture.codec, width: frame.width, height: frame.height, changedTiles: totalTiles, totalTiles };
      }
      if (changes.count === 0) return { kind: 'unchanged', width: frame.width, height: frame.height, totalTiles };
      const tiles: TilePosition[] = [];
      changes.changed.forEach((isChanged, index) => {
        if (isChanged) tiles.push({ column: index % changes.columns, row: Math.floor(index / changes.columns) });
      });
      const { layout, atlas } = packTiles(frame, tiles, tileSize);
      const atlasPicture = await pictureEncoder.encode({ ...atlas, data: Buffer.from(atlas.data.buffer, atlas.data.byteOffset, atlas.data.byteLength), pixelFormat: frame.pixelFormat, capturedAt: frame.capturedAt });
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
