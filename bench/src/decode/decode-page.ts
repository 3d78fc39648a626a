/**
 * What runs inside Chromium for the decode benchmark (serialised with Function#toString, so it
 * must not close over anything). Three ways from encoded bytes to a picture on a canvas:
 *
 *   image-element   <img> from a blob URL, drawn with drawImage: Chromium decodes it lazily, on
 *                   the main thread, inside drawImage (the baseline: what a naive viewer does)
 *   image-bitmap    createImageBitmap(blob): decoded on a worker thread, then drawImage (what
 *                   classcast's viewer does, packages/ui canvas-surface.ts)
 *   image-decoder   WebCodecs ImageDecoder: decoded off the main thread to a VideoFrame, drawn
 *                   from the VideoFrame
 *   image-decoder-bitmap  the same VideoFrame converted once to an ImageBitmap, drawn from that
 *                   (what the viewer does for small pictures since run 7)
 *
 * A picture is drawn as the viewer draws it: a keyframe whole, an atlas tile by tile (one
 * drawImage per tile rectangle), which is where drawing from a VideoFrame costs: every call
 * converts the whole frame again.
 *
 * Each picture is timed from the bytes to the drawn canvas (getImageData of one pixel forces the
 * deferred canvas work to happen), and the time the main thread spends inside our own calls is
 * counted apart: that is what a page cannot spend on input, the timeline or painting.
 * A MessageChannel ping-pong runs all along; its longest gap is the longest main-thread stall.
 */
export type DecodeMethod = 'image-element' | 'image-bitmap' | 'image-decoder' | 'image-decoder-bitmap';
export const DECODE_METHODS: readonly DecodeMethod[] = ['image-element', 'image-bitmap', 'image-decoder', 'image-decoder-bitmap'];

/** Where to draw from: [x, y, width, height] in the picture, drawn at the same place. */
export type DrawRect = [number, number, number, number];

export interface PageSample {
  wallMs: number;
  mainThreadMs: number;
}

export interface PageRun {
  samples: PageSample[];
  longestStallMs: number;
}

/** Runs in the page: decodes `base64` (a `mime` picture) `count` times with `method`. */
export async function decodeInPage({
  method,
  base64,
  mime,
  count,
  rects,
}: {
  method: DecodeMethod;
  base64: string;
  mime: string;
  count: number;
  rects: DrawRect[];
}): Promise<PageRun | string> {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  const canvas = document.createElement('canvas');
  canvas.width = 1920;
  canvas.height = 1080;
  const context = canvas.getContext('2d', { alpha: false })!;
  if (method.startsWith('image-decoder') && !('ImageDecoder' in globalThis)) return 'ImageDecoder is not available in this browser';
  const draw = (source: CanvasImageSource) => {
    for (const [x, y, width, height] of rects) context.drawImage(source, x, y, width, height, x, y, width, height);
  };

  let ticking = true;
  let lastTick = performance.now();
  let longestStallMs = 0;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    const now = performance.now();
    longestStallMs = Math.max(longestStallMs, now - lastTick);
    lastTick = now;
    if (ticking) channel.port2.postMessage(0);
  };
  channel.port2.postMessage(0);

  const samples: PageSample[] = [];
  for (let i = 0; i < count; i += 1) {
    let mainThreadMs = 0;
    const onMain = <T>(work: () => T): T => {
      const start = performance.now();
      try {
        return work();
      } finally {
        mainThreadMs += performance.now() - start;
      }
    };
    const start = performance.now();
    if (method === 'image-element') {
      const url = onMain(() => URL.createObjectURL(new Blob([bytes], { type: mime })));
      const image = new Image();
      await new Promise((resolve, reject) => {
        image.onload = resolve;
        image.onerror = reject;
        image.src = url;
      });
      onMain(() => {
        draw(image);
        context.getImageData(0, 0, 1, 1);
        URL.revokeObjectURL(url);
      });
    } else if (method === 'image-bitmap') {
      const pending = onMain(() => createImageBitmap(new Blob([bytes], { type: mime })));
      const bitmap = await pending;
      onMain(() => {
        draw(bitmap);
        context.getImageData(0, 0, 1, 1);
        bitmap.close();
      });
    } else {
      const decoder = onMain(() => new ImageDecoder({ data: bytes, type: mime }));
      const { image } = await decoder.decode();
      const source = method === 'image-decoder-bitmap' ? await onMain(() => createImageBitmap(image)) : image;
      onMain(() => {
        draw(source);
        context.getImageData(0, 0, 1, 1);
        if (source !== image) source.close();
        image.close();
        decoder.close();
      });
    }
    samples.push({ wallMs: performance.now() - start, mainThreadMs });
    // Let the ping-pong run between pictures, as frames arrive 100 ms apart in a lesson.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  ticking = false;
  return { samples, longestStallMs };
}
