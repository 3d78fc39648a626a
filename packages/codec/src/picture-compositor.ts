/**
 * Rebuilds the picture a student sees from a stream of frames, in Node (recorder, export, bench,
 * tests): the chain rules of @classcast/protocol's createPictureChain on raw RGBA pixels, decoded
 * with sharp. The browser viewer runs the same chain with ImageBitmap and canvas (@classcast/ui).
 */
import { createPictureChain, type Frame, type PictureDecoder, type PictureSurface, type DeltaContainer } from '@classcast/protocol';
import { decodePicture, decodePictureChannels } from './decoder.js';
import { drawTile, moveRect, type Pixels } from './tile-atlas.js';
import { CodecError } from './errors.js';

export interface PictureCompositor {
  /**
   * Applies one frame; returns the picture after it (undefined until the first keyframe).
   * `container`: the delta's container, when the caller has parsed it already.
   */
  apply(frame: Frame, container?: DeltaContainer): Promise<Pixels | undefined>;
  /**
   * Applies one frame; returns the picture only when the frame made a new one (a keyframe
   * decoded, a delta drawn), not for a refresh of the picture already there, a heartbeat or an end.
   */
  applyNew(frame: Frame, container?: DeltaContainer): Promise<Pixels | undefined>;
  readonly picture: Pixels | undefined;
  /** Refresh keyframes not decoded because the picture already showed the frame they repeat. */
  readonly refreshesKept: number;
}

/** A keyframe decodes to RGBA; an atlas keeps its own channels (drawTile expands them while copying). */
const pixelDecoder: PictureDecoder<Pixels & { channels: number }> = {
  decode: (bytes, _codec, expected) =>
    expected.atlas ? decodePictureChannels(bytes, { maxPixels: expected.maxPixels }) : decodePicture(bytes, { maxPixels: expected.maxPixels }),
  release: () => undefined,
};

export interface PictureCompositorOptions {
  /** Larger pictures are refused undecoded (counted as skipped by the caller). Default: 4K, DEFAULT_MAX_PICTURE_PIXELS. */
  maxPixels?: number;
  /** How a refusal names the limit: "the class's limit of 640x360 (230400 pixels)". */
  limitDescription?: string;
}

export function createPictureCompositor(options: PictureCompositorOptions = {}): PictureCompositor {
  let picture: Pixels | undefined;
  const surface: PictureSurface<Pixels & { channels: number }> = {
    reset: (decoded) => {
      picture = { data: decoded.data, width: decoded.width, height: decoded.height };
    },
    patch: (atlas, placement) => drawTile(picture!, atlas, placement),
    copy: (copy) => moveRect(picture!, copy),
  };
  const chain = createPictureChain({
    decoder: pixelDecoder,
    surface,
    maxPixels: options.maxPixels,
    limitDescription: options.limitDescription,
    missingBase: (frame) => new CodecError('CC_MISSING_KEYFRAME', `delta ${frame.sequence} builds on keyframe ${frame.keySequence}, which this picture is not`),
  });
  return {
    get picture() {
      return picture;
    },
    get refreshesKept() {
      return chain.refreshesKept;
    },
    async apply(frame, container) {
      await chain.apply(frame, container);
      return picture;
    },
    async applyNew(frame, container) {
      return (await chain.apply(frame, container)) === 'drawn' ? picture : undefined;
    },
  };
}
