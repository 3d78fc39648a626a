/**
 * The browser side of the compositor: pictures are decoded off the main thread where that helps,
 * and the surface is an off-screen canvas copied to the visible <canvas> once per present. The
 * visible canvas always has the picture's own size; CSS decides how large it looks.
 *
 * Which decoder, measured in Chromium (`npm run bench -- --only decode`, docs/BENCHMARKS.md):
 * createImageBitmap decodes a 1080p keyframe on a worker thread (the main thread spends ~0.2× of
 * what <img> + drawImage costs it), while for the small tile atlases of deltas WebCodecs'
 * ImageDecoder is several times faster. ImageDecoder exists only in secure contexts (https, an
 * app's own pages); elsewhere every picture goes through createImageBitmap.
 *
 * ImageDecoder gives a VideoFrame, and every drawImage from a VideoFrame converts the whole frame
 * again (measured in Chromium: 2.3 ms a call on a 720p stream's atlases, once per tile, so a
 * 100-tile delta cost the main thread ~230 ms and the viewer fell seconds behind). So the
 * VideoFrame is converted to an ImageBitmap once, and the tiles are drawn from that.
 */
import { MIME_TYPE, type ImageCodec } from '@classcast/protocol';
import type { PictureDecoder, Surface } from './compositor.js';
import { ViewerError } from './viewer-errors.js';

/** A decoded picture, drawn with drawImage and freed with close(). */
export type CanvasPicture = ImageBitmap;

/** Pictures up to this size (tile atlases) go through ImageDecoder when the browser has it. */
export const SMALL_PICTURE_BYTES = 32 * 1024;

// `satisfies`: the chain's size hint is not needed here, so the decoder may be called without it.
export const canvasPictureDecoder = {
  async decode(bytes: Uint8Array, codec: ImageCodec): Promise<CanvasPicture> {
    const type = MIME_TYPE[codec];
    if (bytes.length <= SMALL_PICTURE_BYTES && typeof ImageDecoder !== 'undefined') {
      // ImageDecoder copies the bytes, as Blob does: the transport may reuse its buffer at once.
      const decoder = new ImageDecoder({ data: bytes as Uint8Array<ArrayBuffer>, type });
      try {
        const { image } = await decoder.decode();
        try {
          return await createImageBitmap(image);
        } finally {
          image.close();
        }
      } finally {
        decoder.close();
      }
    }
    return createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  },
  release(picture: CanvasPicture) {
    picture.close();
  },
} satisfies PictureDecoder<CanvasPicture>;

export function createCanvasSurface(visible: HTMLCanvasElement): Surface<CanvasPicture> {
  const composed = document.createElement('canvas');
  const composedContext = context2d(composed);
  const visibleContext = context2d(visible);
  return {
    reset(picture, width, height) {
      if (composed.width !== width || composed.height !== height) {
        composed.width = width;
        composed.height = height;
      }
      composedContext.drawImage(picture, 0, 0, width, height);
    },
    patch(atlas, { atlasX, atlasY, frameX, frameY, width, height }) {
      composedContext.drawImage(atlas, atlasX, atlasY, width, height, frameX, frameY, width, height);
    },
    copy({ sourceX, sourceY, targetX, targetY, width, height }) {
      // Drawing a canvas onto itself copies the source first (HTML spec), so overlap is safe.
      composedContext.drawImage(composed, sourceX, sourceY, width, height, targetX, targetY, width, height);
    },
    present() {
      if (visible.width !== composed.width || visible.height !== composed.height) {
        visible.width = composed.width;
        visible.height = composed.height;
      }
      visibleContext.drawImage(composed, 0, 0);
    },
  };
}

function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  // A screen is opaque: without alpha the browser can skip blending.
  const context = canvas.getContext('2d', { alpha: false });
  if (!context) throw new ViewerError('CC_VIEWER_NO_CANVAS', 'this browser gave no 2D canvas to draw the class screen on');
  return context;
}
