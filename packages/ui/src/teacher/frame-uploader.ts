/**
 * Turns each captured picture into a frame upload (frame-upload.ts) for the gateway: compared with
 * the one sent before, only the changed tiles travel, losslessly — deflated, unless the gateway is
 * on this very machine, where raw pixels cost nothing and deflating would only spend the CPU. For
 * the teacher console and a browser student's shared screen alike.
 */
import { changedRects, cutRects, encodeFrameUpload } from '@classcast/protocol';
import type { CapturedFrame } from './teacher-api.js';

export interface FrameUpload {
  bytes: Uint8Array;
  changedPixels: number;
  totalPixels: number;
}

export interface FrameUploader {
  /** The upload of `frame`, against the picture sent before (remembered as sent). */
  encode(frame: CapturedFrame): Promise<FrameUpload>;
  /** The gateway did not take the last upload: the next is sent whole. */
  reset(): void;
}

export function createFrameUploader(compress: boolean): FrameUploader {
  /** The picture the gateway has, to diff the next one against. */
  let sent: { width: number; height: number; pixels: Uint8Array } | undefined;
  return {
    async encode(frame) {
      const pixels = new Uint8Array(frame.pixels);
      const before = sent && sent.width === frame.width && sent.height === frame.height ? sent.pixels : undefined;
      const rects = changedRects(before, pixels, frame.width, frame.height);
      const raw = cutRects(pixels, frame.width, rects);
      const deflate = compress && raw.length > 0;
      const body = deflate ? await deflateRaw(raw) : raw;
      const bytes = encodeFrameUpload({ width: frame.width, height: frame.height, capturedAt: frame.capturedAt, rects, body, compressed: deflate });
      sent = { width: frame.width, height: frame.height, pixels };
      return { bytes, changedPixels: raw.length / 4, totalPixels: frame.width * frame.height };
    },
    reset() {
      sent = undefined;
    },
  };
}

/** deflate-raw with the browser's own CompressionStream (no library, native speed). */
async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
