/**
 * Rebuilds the picture a student sees from a stream of frames, in Node (recorder, export, tests):
 * a keyframe replaces the picture, a delta draws its tiles over it, heartbeat and end leave it.
 * The browser viewer does the same with a canvas (@classcast/ui).
 */
import { atlasSize, ClasscastError, decodeTileContainer, FrameFormatError, type Frame } from '@classcast/protocol';
import { decodePicture, decodePictureChannels } from './decoder.js';
import { applyTiles, type Pixels } from './tile-atlas.js';

export interface PictureCompositor {
  /** Applies one frame; returns the picture after it (undefined until the first keyframe). */
  apply(frame: Frame): Promise<Pixels | undefined>;
  /**
   * Applies one frame; returns the picture only when the frame made a new one (a keyframe
   * decoded, a delta drawn), not for a refresh of the picture already there, a heartbeat or an end.
   */
  applyNew(frame: Frame): Promise<Pixels | undefined>;
  readonly picture: Pixels | undefined;
  /** Refresh keyframes not decoded because the picture already showed the frame they repeat. */
  readonly refreshesKept: number;
}

export function createPictureCompositor(): PictureCompositor {
  let picture: Pixels | undefined;
  let keySequence: number | undefined;
  /** The last key or delta drawn onto `picture`, in an unbroken chain. */
  let drawnSequence: number | undefined;
  let refreshesKept = 0;
  const compositor: PictureCompositor = {
    get picture() {
      return picture;
    },
    get refreshesKept() {
      return refreshesKept;
    },
    async apply(frame) {
      if (frame.kind === 'key' && picture && frame.refreshOf !== undefined && frame.refreshOf === drawnSequence && sameSize(picture, frame)) {
        // This picture is already on screen: only the chain's base moves on.
        keySequence = frame.sequence;
        drawnSequence = frame.sequence;
        refreshesKept += 1;
      } else if (frame.kind === 'key') {
        drawnSequence = undefined;
        const decoded = await decodePicture(frame.payload);
        // A header that lies about the size (absurd dimensions) must not resize the student's screen.
        expectSize(decoded, frame, `keyframe ${frame.sequence}`);
        picture = { data: decoded.data, width: decoded.width, height: decoded.height };
        keySequence = frame.sequence;
        drawnSequence = frame.sequence;
      } else if (frame.kind === 'delta') {
        // A delta on a keyframe we never saw would paint tiles onto the wrong picture.
        if (!picture || keySequence !== frame.keySequence) {
          throw new ClasscastError('CC_MISSING_KEYFRAME', `delta ${frame.sequence} builds on keyframe ${frame.keySequence}, which this picture is not`);
        }
        const container = decodeTileContainer(frame.payload, frame);
        if (picture.width !== frame.width || picture.height !== frame.height) {
          throw new FrameFormatError('CC_FRAME_BAD_HEADER', `delta ${frame.sequence} is for a ${frame.width}x${frame.height} screen, the picture is ${picture.width}x${picture.height}`);
        }
        const atlas = await decodePictureChannels(container.atlas);
        expectSize(atlas, atlasSize(container), `the tile atlas of delta ${frame.sequence}`);
        applyTiles(picture, atlas, container);
        drawnSequence = frame.sequence;
      }
      return picture;
    },
    async applyNew(frame) {
      const keptBefore = refreshesKept;
      const after = await compositor.apply(frame);
      const drew = (frame.kind === 'key' || frame.kind === 'delta') && refreshesKept === keptBefore;
      return drew ? after : undefined;
    },
  };
  return compositor;
}

function sameSize(a: { width: number; height: number }, b: { width: number; height: number }): boolean {
  return a.width === b.width && a.height === b.height;
}

function expectSize(actual: { width: number; height: number }, expected: { width: number; height: number }, what: string): void {
  if (actual.width !== expected.width || actual.height !== expected.height) {
    throw new FrameFormatError('CC_FRAME_BAD_HEADER', `${what} is ${actual.width}x${actual.height} but its header says ${expected.width}x${expected.height}`);
  }
}
