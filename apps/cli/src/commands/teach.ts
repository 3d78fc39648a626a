/** `classcast teach`: broadcast a screen, a test pattern or a folder of slides to a class. */
import { Option, type Command } from 'commander';
import { createSource } from '@classcast/capture';
import { formatBytes } from '@classcast/kafka';
import { createTeacherStream, reportBroadcastPauses, TEACHER_STALL_AFTER_MS } from '@classcast/stream/teacher';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from '../connection-options.js';
import { createLatencyTracker, createRateMeter, createStatusLine } from '../status-line.js';
import { parseNumber, stopSignal } from './option-parsers.js';

export interface TeachFlags extends ConnectionFlags {
  class: string;
  source: string;
  fps: number;
  quality: number;
  codec: 'jpeg' | 'webp' | 'png';
  scale: number;
  frames?: number;
  stream?: string;
  deltas: boolean;
  slideSeconds: number;
}

export function registerTeachCommand(program: Command): void {
  addConnectionOptions(
    program
      .command('teach')
      .description('broadcast to a class')
      .requiredOption('--class <id>', 'class id')
      .option('--source <source>', 'test | desktop | desktop:N | folder:PATH', 'test')
      .option('--fps <n>', 'frames per second', parseNumber('fps', 0.1, 60), 10)
      .option('--quality <q>', 'JPEG/WebP quality 1-100', parseNumber('quality', 1, 100), 75)
      .addOption(new Option('--codec <codec>', 'picture format').choices(['jpeg', 'webp', 'png']).default('jpeg'))
      .option('--scale <s>', 'scale the picture, 0-1', parseNumber('scale', 0.05, 1), 1)
      .option('--slide-seconds <s>', 'how long each slide of a folder:PATH source shows', parseNumber('slide seconds', 0.1, 3600), 5)
      .option('--deltas', 'send only the changed tiles between keyframes (default)', true)
      .option('--no-deltas', 'send every picture whole')
      .option('--stream <id>', 'stream id (the message key), e.g. screen-1 for a second monitor')
      .option('--frames <n>', 'stop after n frames', parseNumber('frames', 1, Number.MAX_SAFE_INTEGER)),
  ).action(async (flags: TeachFlags) => void (await teach(flags)));
}

export async function teach(flags: TeachFlags, signal = stopSignal()): Promise<number> {
  const connection = await resolveConnection(flags);
  const source = await createSource(flags.source, { secondsPerSlide: flags.slideSeconds });
  const status = createStatusLine();
  const rate = createRateMeter();
  const encodeTimes = createLatencyTracker();
  let bytes = 0;
  // The status line and the end line count the same thing: frames Kafka confirmed, each a new
  // picture (keyframe or delta), what --frames counts. Refresh keyframes (the last picture again,
  // for late joiners) are counted apart; heartbeats and the end frame are not pictures.
  const counts = { frames: 0, key: 0, refresh: 0, delta: 0 };
  const session = createTeacherStream({
    kafka: { connection, classId: flags.class, ...(flags.stream ? { streamId: flags.stream } : {}) },
    source,
    encoder: { codec: flags.codec, quality: flags.quality, scale: flags.scale },
    fps: flags.fps,
    tileDeltas: flags.deltas,
    ...(flags.frames ? { maxFrames: flags.frames } : {}),
    stallAfterMs: TEACHER_STALL_AFTER_MS,
    onError(error) {
      process.stderr.write(`\nclasscast: ${error.message}\n`);
    },
    onStalled: reportBroadcastPauses(connection, {
      // A state of the broadcast, not an error: no "classcast:" prefix.
      paused: (message) => void process.stderr.write(`\n${message}\n`),
      resumed: (pausedMs) => void process.stderr.write(`\nthe broadcast resumed after ${(pausedMs / 1000).toFixed(1)} s paused\n`),
    }),
    onSent(frame) {
      rate.tick();
      encodeTimes.add(frame.encodeMs);
      bytes += frame.bytes;
      if (frame.refresh) {
        counts.refresh += 1;
      } else {
        counts.frames += 1;
        counts[frame.kind] += 1;
      }
      status.update(
        `sent ${counts.frames} frames (+${counts.refresh} refreshes)  ${rate.rate().toFixed(1)} fps  ${frame.width}x${frame.height}  ${formatBytes(frame.bytes)}/frame  encode ${encodeTimes.median().toFixed(0)} ms  total ${formatBytes(bytes)}`,
      );
    },
  });
  try {
    await session.open();
    process.stderr.write(`teaching class ${flags.class} on ${session.topic} from ${source.name} (${source.width}x${source.height}) at ${flags.fps} fps\n`);
    // Ctrl-C while connecting (the classroom says "Press Ctrl-C" before its teacher is connected):
    // an abort event does not fire again for a listener added later, so it is checked here.
    if (signal.aborted) return 0;
    signal.addEventListener('abort', () => void session.stop().catch(() => undefined), { once: true });
    const sent = await session.start(); // = counts.frames: the stream counts new pictures too
    status.done();
    process.stderr.write(
      `broadcast ended after ${counts.frames} frames (${counts.key} keyframes, ${counts.delta} deltas; plus ${counts.refresh} refresh keyframes repeating a picture for late joiners; ${formatBytes(bytes)})\n`,
    );
    return sent;
  } finally {
    await session.stop().catch(() => undefined);
    await source.close();
  }
}
