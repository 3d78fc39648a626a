/**
 * `classcast export`: a stretch of a lesson as an MP4 or GIF video, a PDF of its slides, or
 * numbered PNG files, with progress while the lesson is read and while ffmpeg encodes. The
 * teacher's marks (the annotation topic) are in it unless --no-annotations: burnt into each video
 * frame and each PNG as they stood at its time, drawn as vectors on each PDF page as they stood
 * when its slide was last on screen. The folder of --out is created; Ctrl-C or a failure leaves no
 * partial file behind.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { createEncoder } from '@classcast/codec';
import { createClassAdmin } from '@classcast/kafka';
import { CliError } from '../cli-errors.js';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from '../connection-options.js';
import { createExportProgress } from '../export/export-progress.js';
import { NO_ANNOTATIONS, readLessonAnnotations, type LessonAnnotations } from '../export/lesson-annotations.js';
import { forEachLessonPicture, type TimedPicture } from '../export/lesson-pictures.js';
import { createSlidePdfWriter } from '../export/slide-pdf-writer.js';
import { createVideoWriter } from '../export/video-writer.js';
import { parseNumber, stopSignal } from './option-parsers.js';
import { parseTime } from './time-parsers.js';

interface ExportFlags extends ConnectionFlags {
  class: string;
  from: Date;
  to: Date;
  format: 'mp4' | 'gif' | 'pdf' | 'png';
  out: string;
  fps: number;
  stream?: string;
  /** false with --no-annotations */
  annotations: boolean;
}

interface PictureSink {
  add(picture: TimedPicture): Promise<void>;
  /** Writes the file; `onProgress` is told of long work (a video's encoding). */
  finish(onProgress?: (done: number, total: number) => void): Promise<unknown>;
  /** Removes what was written so far. */
  discard(): Promise<void>;
}

/** Thrown out of the picture loop when Ctrl-C stops the export. */
class ExportStopped extends Error {}

export function registerExportCommand(program: Command): void {
  addConnectionOptions(
    program
      .command('export')
      .description('export part of a lesson as a video, a PDF of its slides, or PNG files')
      .requiredOption('--class <id>', 'class id')
      .requiredOption('--from <time>', 'start (ISO 8601, or -30m)', (value) => parseTime(value))
      .option('--to <time>', 'end (ISO 8601, or -0s for now)', (value) => parseTime(value), new Date())
      .addOption(new Option('--format <format>', 'output format').choices(['mp4', 'gif', 'pdf', 'png']).default('mp4'))
      .requiredOption('--out <path>', 'output file (a folder for png); missing folders are created')
      .option('--fps <n>', 'pictures per second of the video', parseNumber('fps', 1, 60), 10)
      .option('--stream <id>', 'which stream of the class (default screen-0)')
      .option('--no-annotations', "leave out the teacher's pen, highlighter and pointer"),
  ).action(async (flags: ExportFlags) => exportLesson(flags));
}

async function exportLesson(flags: ExportFlags): Promise<void> {
  const signal = stopSignal();
  const connection = await resolveConnection(flags);
  const range = { connection, classId: flags.class, from: flags.from.getTime(), to: flags.to.getTime(), ...(flags.stream ? { streamId: flags.stream } : {}) };
  await createOutputFolder(flags.format === 'png' ? flags.out : dirname(flags.out));
  const reading = createExportProgress(`reading class ${flags.class}`, 'messages', await messagesInRange(connection, flags.class));
  const annotations = flags.annotations ? await readLessonAnnotations(connection, flags.class, flags.to.getTime()) : NO_ANNOTATIONS;
  const sink = await createSink(flags, annotations);
  // Ctrl-C stops ffmpeg and removes the partial file at once; the loop below then ends.
  signal.addEventListener('abort', () => void sink.discard(), { once: true });
  try {
    let read = 0;
    const count = await forEachLessonPicture(range, async (picture) => {
      if (signal.aborted) throw new ExportStopped();
      await sink.add(picture);
      reading.update((read += 1));
    });
    reading.update(count, count);
    reading.stop();
    let encoding: ReturnType<typeof createExportProgress> | undefined;
    const result = await sink.finish((done, total) => {
      encoding ??= createExportProgress(`encoding the ${flags.format}`, 'video frames', total);
      encoding.update(done);
    });
    encoding?.stop();
    if (signal.aborted) throw new ExportStopped();
    process.stderr.write(`exported ${count} pictures${typeof result === 'number' ? ` as ${result} slides` : ''} to ${flags.out}\n`);
  } catch (error) {
    reading.stop();
    await sink.discard();
    if (!signal.aborted) throw error;
    process.stderr.write(`\nexport stopped: removed the partial ${flags.out}\n`);
    process.exitCode = 130;
  }
}

async function createOutputFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'EEXIST' || (error as NodeJS.ErrnoException).code === 'ENOTDIR'
        ? 'a file is in the way'
        : (error as Error).message;
    throw new CliError('CC_EXPORT_OUT_UNUSABLE', `cannot create the folder ${folder} for --out (${why}): give another --out`, { cause: error });
  }
}

async function createSink(flags: ExportFlags, annotations: LessonAnnotations): Promise<PictureSink> {
  if (flags.format === 'pdf') return createSlidePdfWriter(flags.out, annotations, flags.to.getTime());
  if (flags.format !== 'png') return createVideoWriter(flags.out, flags.format, flags.fps, annotations);
  const encoder = createEncoder({ codec: 'png' });
  const written: string[] = [];
  return {
    async add({ pixels: picture, captureTime, streamId }) {
      const pixels = await annotations.burnAt(picture, captureTime, streamId);
      const png = await encoder.encode({
        data: Buffer.from(pixels.data),
        width: pixels.width,
        height: pixels.height,
        pixelFormat: 'rgba',
        capturedAt: captureTime,
      });
      const file = join(flags.out, `${String(written.length).padStart(6, '0')}.png`);
      written.push(file);
      await writeFile(file, png.bytes);
    },
    finish: async () => undefined,
    discard: async () => void (await Promise.all(written.map((file) => rm(file, { force: true })))),
  };
}
/** An upper bound for the progress bar: the messages of the class (refined as we go). */
async function messagesInRange(connection: Parameters<typeof createClassAdmin>[0], classId: string): Promise<number> {
  const admin = await createClassAdmin(connection);
  try {
    const { partitions } = await admin.describe(classId);
    return partitions.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0);
  } finally {
    await admin.close();
  }
}
