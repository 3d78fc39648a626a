/**
 * A PDF with one page per distinct slide. A new page starts when most of the screen changes
 * (over `newSlideRatio` of the tiles); smaller changes (annotations, a pointer) update the current
 * page, which keeps the slide's last state.
 */
import { rm, writeFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import { createEncoder, findChangedTiles } from '@classcast/codec';
import { CliError } from '../cli-errors.js';
import type { TimedPicture } from './lesson-pictures.js';

const TILE = 64;

export function createSlidePdfWriter(file: string, newSlideRatio = 0.3) {
  const slides: TimedPicture[] = [];
  let slideStart: TimedPicture | undefined;
  const encoder = createEncoder({ codec: 'jpeg', quality: 90 });

  return {
    async add(picture: TimedPicture) {
      const changes =
        slideStart && sameSize(slideStart, picture)
          ? findChangedTiles(Buffer.from(slideStart.pixels.data), Buffer.from(picture.pixels.data), picture.pixels.width, picture.pixels.height, TILE)
          : undefined;
      const total = Math.ceil(picture.pixels.width / TILE) * Math.ceil(picture.pixels.height / TILE);
      if (!changes || changes.count > total * newSlideRatio) {
        slides.push(picture);
        slideStart = picture;
      } else {
        slides[slides.length - 1] = picture;
      }
    },
    async finish(): Promise<number> {
      if (slides.length === 0) throw new CliError('CC_EXPORT_EMPTY', 'no pictures in that time range: nothing to export');
      const pdf = await PDFDocument.create();
      for (const slide of slides) {
        const { width, height, data } = slide.pixels;
        const jpeg = await encoder.encode({ data: Buffer.from(data), width, height, pixelFormat: 'rgba', capturedAt: slide.captureTime });
        const image = await pdf.embedJpg(jpeg.bytes);
        pdf.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
      }
      await writeFile(file, await pdf.save());
      return slides.length;
    },
    /** Removes what finish() may have begun to write. */
    discard: () => rm(file, { force: true }),
  };
}

function sameSize(a: TimedPicture, b: TimedPicture): boolean {
  return a.pixels.width === b.pixels.width && a.pixels.height === b.pixels.height;
}
