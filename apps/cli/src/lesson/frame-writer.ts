/**
 * Writes what a student sees to a folder, one image file per picture that opens in any viewer:
 * <stream>-<sequence>.<ext>, e.g. screen-0-000042.jpg. A keyframe's value is already the image;
 * a delta is drawn over the picture so far and that picture is encoded as JPEG (q90) in a stream
 * of JPEG keyframes (photographs, video), else as PNG: lossless, so text stays exact, and fast
 * enough to keep up with a live lesson (lossless WebP is smaller but 5x slower at 1080p).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEncoder, createPictureCompositor, type PictureCompositor, type PictureCompositorOptions } from '@classcast/codec';
import { FILE_EXTENSION, type Frame } from '@classcast/protocol';

export interface FrameWriter {
  /** Applies the frame; writes a file unless `catchingUp` (replayed only to rebuild the picture). */
  write(frame: Frame, catchingUp?: boolean): Promise<string | undefined>;
}

/** `maxPixels`: pictures larger are refused undecoded (skipped with the reason); 4K by default. */
export async function createFrameWriter(folder: string, options: PictureCompositorOptions = {}): Promise<FrameWriter> {
  await mkdir(folder, { recursive: true });
  const compositors = new Map<string, PictureCompositor>();
  return {
    async write(frame, catchingUp = false) {
      if (frame.kind !== 'key' && frame.kind !== 'delta') return undefined;
      let compositor = compositors.get(frame.streamId);
      if (!compositor) compositors.set(frame.streamId, (compositor = createPictureCompositor(options)));
      // A refresh keyframe that repeats the picture just written adds no new picture.
      const picture = await compositor.applyNew(frame);
      if (catchingUp || !picture) return undefined;
      const codec = frame.kind === 'key' || frame.codec === 'jpeg' ? frame.codec : 'png';
      const file = join(folder, `${frame.streamId}-${String(frame.sequence).padStart(6, '0')}.${FILE_EXTENSION[codec]}`);
      const bytes =
        frame.kind === 'key'
          ? frame.payload
          : (
              await createEncoder({ codec, quality: 90 }).encode({
                ...picture,
                data: Buffer.from(picture.data),
                pixelFormat: 'rgba',
                capturedAt: frame.captureTime,
              })
            ).bytes;
      // Written under a temporary name and renamed: a crash never leaves half a picture behind.
      await writeFile(`${file}.part`, bytes);
      await rename(`${file}.part`, file);
      return file;
    },
  };
}
