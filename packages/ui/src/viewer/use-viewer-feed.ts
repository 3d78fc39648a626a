/**
 * The glue between a FrameFeed and a <canvas>: frames go through the compositor onto the
 * canvas, everything else into the viewer's figures. Returns the figures to render.
 */
import { useEffect, useReducer, type RefObject } from 'react';
import { canvasPictureDecoder, createCanvasSurface } from './canvas-surface.js';
import { createCompositor } from './compositor.js';
import type { FrameFeed } from './frame-feed.js';
import { INITIAL_VIEWER_STATE, viewerReducer, type ViewerFigures } from './viewer-figures.js';

const REFUSED_PICTURE_CODES = new Set<string>(['CC_PICTURE_TOO_LARGE', 'CC_FRAME_BAD_HEADER']);

export function useViewerFeed(feed: FrameFeed, canvasRef: RefObject<HTMLCanvasElement | null>): ViewerFigures {
  const [state, dispatch] = useReducer(viewerReducer, INITIAL_VIEWER_STATE);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return undefined;
    const compositor = createCompositor({
      decoder: canvasPictureDecoder,
      surface: createCanvasSurface(canvas),
      onPresent: (frame) => dispatch({ type: 'painted', at: Date.now(), captureTime: frame.captureTime, width: frame.width, height: frame.height }),
      onFailure: (error) => {
        dispatch({ type: 'decode-failed', code: error.code });
        // A refused hostile picture says why, as a notice that clears while the lesson paints on.
        if (REFUSED_PICTURE_CODES.has(error.code)) dispatch({ type: 'error', code: error.code, message: error.message, fatal: false });
      },
    });
    let dropped = 0;
    const unsubscribe = feed.subscribe((event) => {
      if (event.type === 'timeline' || event.type === 'announcement' || event.type === 'eyes-on-me' || event.type === 'board' || event.type === 'annotation')
        return undefined;
      // The class's limit comes before the first frame (the hub repeats it to a late subscriber).
      if (event.type === 'picture-limit') return compositor.setLimit(event.maxPixels, event.description);
      if (event.type !== 'frame') return dispatch(event);
      compositor.push(event.frame, { catchingUp: event.catchingUp, container: event.container });
      if (compositor.stats.dropped !== dropped) {
        dropped = compositor.stats.dropped;
        dispatch({ type: 'dropped', total: dropped });
      }
    });
    return () => {
      unsubscribe();
      compositor.close();
    };
  }, [feed, canvasRef]);

  return state.figures;
}
