/**
 * A FrameSource that shows a folder of slides (png, jpg, jpeg, webp) in natural name order
 * (slide2 before slide10), each for `secondsPerSlide`, then starts again.
 *
 * Every slide is letterboxed to the first slide's size (black bars) with transparency painted
 * white, so the stream keeps one size. All files are read and their headers checked when the
 * source opens, so a missing folder or a broken file fails at once, not mid-lesson. Slides are
 * decoded when due, with the next one decoded ahead, so memory holds two slides, not the deck.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { decodePicture, readPictureSize } from '@classcast/codec';
import { CaptureError, reasonOf } from './errors.js';
import { pullSource, type FrameSource } from './frame-source.js';

export const SLIDE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'] as const;

export interface ImageFolderOptions {
  folder: string;
  /** How long each slide shows; default 5. */
  secondsPerSlide?: number;
  /** Clock in ms since the epoch; tests drive it. Default Date.now. */
  now?: () => number;
}

interface Slide {
  file: string;
  bytes: Buffer;
}

const FOLDER_PROBLEMS: Record<string, string> = { ENOENT: 'does not exist', ENOTDIR: 'is not a folder' };

const byNaturalName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export async function createImageFolderSource({ folder, secondsPerSlide = 5, now = Date.now }: ImageFolderOptions): Promise<FrameSource> {
  if (!(Number.isFinite(secondsPerSlide) && secondsPerSlide > 0)) {
    throw new CaptureError('CC_CAPTURE_BAD_OPTIONS', `seconds per slide ${String(secondsPerSlide)} is not a number > 0`);
  }
  const path = resolve(folder);
  const slides = await readSlides(path);
  const first = slides[0]!;
  // readPictureSize also keeps sizes within 1..MAX_DIMENSION, which the frame headers require.
  const { width, height } = await sizeOf(first);
  for (const slide of slides.slice(1)) await sizeOf(slide);

  const name = `slides ${path} (${slides.length})`;
  const decoded = new Map<number, Promise<Buffer>>();
  const decode = (index: number): Promise<Buffer> => {
    let pixels = decoded.get(index);
    if (pixels === undefined) {
      const slide = slides[index]!;
      pixels = decodePicture(slide.bytes, { fit: { width, height }, flatten: '#ffffff' }).then(
        (picture) => picture.data,
        (error: unknown) => {
          decoded.delete(index); // let a later attempt try again
          throw badSlide(slide.file, error);
        },
      );
      decoded.set(index, pixels);
    }
    return pixels;
  };

  let startedAt: number | undefined;
  return pullSource(
    { name, width, height },
    async () => {
      const capturedAt = now();
      startedAt ??= capturedAt;
      const index = Math.floor((capturedAt - startedAt) / (secondsPerSlide * 1000)) % slides.length;
      const upcoming = (index + 1) % slides.length;
      for (const cached of decoded.keys()) if (cached !== index && cached !== upcoming) decoded.delete(cached);
      const data = await decode(index);
      // Decode ahead so the slide change costs no frame time; its error surfaces when it is due.
      decode(upcoming).catch(() => undefined);
      return { data, width, height, pixelFormat: 'rgba', capturedAt };
    },
    () => decoded.clear(),
  );
}

async function readSlides(path: string): Promise<Slide[]> {
  let names: string[];
  try {
    const entries = await readdir(path, { withFileTypes: true });
    names = entries
      .filter((entry) => !entry.isDirectory())
      .map((entry) => entry.name)
      .filter((file) => (SLIDE_EXTENSIONS as readonly string[]).includes(extname(file).toLowerCase()));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = FOLDER_PROBLEMS[code] ?? `cannot be read (${reasonOf(error)})`;
    throw new CaptureError('CC_CAPTURE_NO_SLIDES', `slide folder ${path} ${reason}`, { cause: error });
  }
  if (names.length === 0) {
    throw new CaptureError('CC_CAPTURE_NO_SLIDES', `slide folder ${path} has no slides: put ${SLIDE_EXTENSIONS.join(', ')} files in it`);
  }
  names.sort((a, b) => byNaturalName.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(
    names.map(async (name) => {
      const file = join(path, name);
      try {
        return { file, bytes: await readFile(file) };
      } catch (error) {
        throw badSlide(file, error);
      }
    }),
  );
}

async function sizeOf(slide: Slide): Promise<{ width: number; height: number }> {
  try {
    return await readPictureSize(slide.bytes);
  } catch (error) {
    throw badSlide(slide.file, error);
  }
}

function badSlide(file: string, error: unknown): CaptureError {
  return new CaptureError('CC_CAPTURE_BAD_SLIDE', `slide ${file}: ${reasonOf(error)}`, { cause: error });
}
