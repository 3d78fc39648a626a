/**
 * The browser side of the compositor: pictures are ImageBitmaps decoded by createImageBitmap
 * (the browser decodes them off the main thread, so a large keyframe never blocks the page), and
 * the surface is an off-screen canvas copied to the visible <canvas> once per present. The visible
 * canvas always has the picture's own size; CSS decides how large it looks.
 */
import { MIME_TYPE } from '@classcast/protocol';
import type { PictureDecoder, Surface } from './compositor.js';
import { ViewerError } from './viewer-errors.js';

export const imageBitmapDecoder: PictureDecoder<ImageBitmap> = {
  decode(bytes, codec) {
    // Blob copies the bytes, so the frame's buffer may be reused by the transport at once.
    return createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: MIME_TYPE[codec] }));
  },
  release(picture) {
    picture.close();
  },
};

export function createCanvasSurface(visible: HTMLCanvasElement): Surface<ImageBitmap> {
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
