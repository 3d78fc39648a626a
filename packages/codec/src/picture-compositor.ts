/**
 * Rebuilds the picture a student sees from a stream of frames, in Node (recorder, export, tests):
 * a keyframe replaces the picture, a delta draws its tiles over it, heartbeat and end leave it.
 * The browser viewer does the same with a canvas (@classcast/ui).
 */
import { ClasscastError, decodeTileContainer, type Frame } from '@classcast/protocol';
import { decodePicture } from './decoder.js';
import { applyTiles, type Pixels } from './tile-atlas.js';

export interface PictureCompositor {
  /** Applies one frame; returns the picture after it (undefined until the first keyframe). */
  apply(frame: Frame): Promise<Pixels | undefined>;
  readonly picture: Pixels | undefined;
}

export function createPictureCompositor(): PictureCompositor {
  let picture: Pixels | undefined;
  let keySequence: number | undefined;
  return {
    get picture() {
      return picture;
    },
    async apply(frame) {
      if (frame.kind === 'key') {
        const decoded = await decodePicture(frame.payload);
        picture = { data: decoded.data, width: decoded.width, height: decoded.height };
        keySequence = frame.sequence;
      } else if (frame.kind === 'delta') {
        // A delta on a keyframe we never saw would paint tiles onto the wrong picture.
        if (!picture || keySequence !== frame.keySequence) {
          throw new ClasscastError('CC_MISSING_KEYFRAME', `delta ${frame.sequence} builds on keyframe ${frame.keySequence}, which this picture is not`);
        }
        const container = decodeTileContainer(frame.payload, frame);
        const atlas = await decodePicture(container.atlas);
        applyTiles(picture, atlas, container);
      }
      return picture;
    },
  };
}
