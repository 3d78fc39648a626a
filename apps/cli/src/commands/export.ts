/**
 * `classcast export`: a stretch of a lesson as an MP4 or GIF video, a PDF of its slides, or
 * numbered PNG files, with a progress bar.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { createEncoder } from '@classcast/codec';
import { createClassAdmin } from '@classcast/kafka';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from '../connection-options.js';
import { forEachLessonPicture, type TimedPicture } from '../export/lesson-pictures.js';
import { createSlidePdfWriter } from '../export/slide-pdf-writer.js';
import { createVideoWriter } from '../export/video-writer.js';
import { parseNumber } from './option-parsers.js';
import { parseTime } from './time-parsers.js';

interface ExportFlags extends ConnectionFlags {
  class: string;
  from: Date;
  to: Date;
  format: 'mp4' | 'gif' | 'pdf' | 'png';
  out: string;
  fps: number;
  stream?: string;
}

interface PictureSink {
  add(picture: TimedPicture): Promise<void>;
  finish(): Promise<unknown>;
}

export function registerExportCommand(program: Command): void {
  addConnectionOptions(
    program
      .command('export')
      .description('export part of a lesson as a video, a PDF of its slides, or PNG files')
      .requiredOption('--class <id>', 'class id')
      .requiredOption('--from <time>', 'start (ISO 8601, or -30m)', (value) => parseTime(value))
      .option('--to <time>', 'end (ISO 8601, or -0s for now)', (value) => parseTime(value), new Date())
      .addOption(new Option('--format <format>', 'output format').choices(['mp4', 'gif', 'pdf', 'png']).default('mp4'))
      .requiredOption('--out <path>', 'output file (a folder for png)')
      .option('--fps <n>', 'pictures per second of the video', parseNumber('fps', 1, 60), 10)
      .option('--stream <id>', 'which stream of the class (default screen-0)'),
  ).action(async (flags: ExportFlags) => {
    const connection = await resolveConnection(flags);
    const range = { connection, classId: flags.class, from: flags.from.getTime(), to: flags.to.getTime(), ...(flags.stream ? { streamId: flags.stream } : {}) };
    const total = await messagesInRange(connection, flags.class);
    const bar = new cliProgress.SingleBar(
      { format: `exporting ${flags.format} [{bar}] {value} pictures`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    const sink = await createSink(flags);
    const count = await forEachLessonPicture(range, async (picture) => {
      await sink.add(picture);
      bar.increment();
    });
    bar.setTotal(count);
    bar.stop();
    const result = await sink.finish();
    process.stderr.write(`exported ${count} pictures${typeof result === 'number' ? ` as ${result} slides` : ''} to ${flags.out}\n`);
  });
}

async function createSink(flags: ExportFlags): Promise<PictureSink> {
  if (flags.format === 'pdf') return createSlidePdfWriter(flags.out);
  if (flags.format !== 'png') return createVideoWriter(flags.out, flags.format, flags.fps);
  await mkdir(flags.out, { recursive: true });
  const encoder = createEncoder({ codec: 'png' });
  let index = 0;
  return {
    async add({ pixels, captureTime }) {
      const png = await encoder.encode({
        data: Buffer.from(pixels.data),
        width: pixels.width,
        height: pixels.height,
        pixelFormat: 'rgba',
        capturedAt: captureTime,
      });
      await writeFile(join(flags.out, `${String(index++).padStart(6, '0')}.png`), png.bytes);
    },
    finish: async () => undefined,
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
