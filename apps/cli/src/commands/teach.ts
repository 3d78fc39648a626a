/** `classcast teach`: broadcast a screen, a test pattern or a folder of slides to a class. */
import { Option, type Command } from 'commander';
import { createSource } from '@classcast/capture';
import { formatBytes } from '@classcast/kafka';
import type { ClasscastError } from '@classcast/protocol';
import { createTeacherStream, reportBroadcastPauses, TEACHER_STALL_AFTER_MS } from '@classcast/stream/teacher';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from '../connection-options.js';
import { printFrameLine } from '../frame-lines.js';
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
  printFrames?: boolean;
}

export function registerTeachCommand(program: Command): void {
  addConnectionOptions(
    program
      .command('teach')
      .description('broadcast to a class')
      .requiredOption('--class <id>', 'class id')
      .option(
        '--source <source>',
        'test | desktop | desktop:N (monitor N, or its name) | window:TITLE (part of its title) | window:#ID (X window id) | region:X,Y,W,H[@N] (of monitor N) | folder:PATH',
        'test',
      )
      .option('--fps <n>', 'pictures per second', parseNumber('fps', 0.1, 60), 10)
      .option('--quality <q>', 'JPEG/WebP quality 1-100', parseNumber('quality', 1, 100), 75)
      .addOption(new Option('--codec <codec>', 'picture format').choices(['jpeg', 'webp', 'png']).default('jpeg'))
      .option('--scale <s>', 'scale the picture, 0-1', parseNumber('scale', 0.05, 1), 1)
      .option('--slide-seconds <s>', 'how long each slide of a folder:PATH source shows', parseNumber('slide seconds', 0.1, 3600), 5)
      .option('--deltas', 'send only the changed tiles between keyframes (default)', true)
      .option('--no-deltas', 'send every picture whole')
      .option('--stream <id>', 'stream id (the message key), e.g. screen-1 for a second monitor')
      .option('--frames <n>', 'stop after n pictures (keyframes and deltas)', parseNumber('frames', 1, Number.MAX_SAFE_INTEGER))
      .option('--print-frames', 'print a JSON line on stdout for each message Kafka confirmed (sequence, offset, when)'),
  ).action(async (flags: TeachFlags) => void (await teach(flags)));
}

export async function teach(flags: TeachFlags, signal = stopSignal()): Promise<number> {
  const connection = await resolveConnection(flags);
  const source = await createSource(flags.source, { secondsPerSlide: flags.slideSeconds });
  const status = createStatusLine();
  const rate = createRateMeter();
  const encodeTimes = createLatencyTracker();
  let bytes = 0;
  // Words as the teacher reads them: a picture is what a student sees change (a keyframe or a
  // delta Kafka confirmed), what --frames counts; a message is any Kafka record. Repeats (the last
  // picture again, as a keyframe for late joiners) are messages but no new picture; heartbeats and
  // the end message are not counted.
  const counts = { pictures: 0, key: 0, delta: 0, repeats: 0 };
  /** What ended the broadcast early (a frame over the topic's limit, access taken away): the exit says so. */
  let fatal: ClasscastError | undefined;
  const session = createTeacherStream({
    kafka: { connection, classId: flags.class, ...(flags.stream ? { streamId: flags.stream } : {}) },
    source,
    encoder: { codec: flags.codec, quality: flags.quality, scale: flags.scale },
    fps: flags.fps,
    tileDeltas: flags.deltas,
    ...(flags.frames ? { maxFrames: flags.frames } : {}),
    stallAfterMs: TEACHER_STALL_AFTER_MS,
    onError(error) {
      // The first error that ends the broadcast is the exit's last line (thrown below); others print now.
      if (!error.retriable && !fatal) fatal = error;
      else process.stderr.write(`\nclasscast: ${error.message}\n`);
    },
    onStalled: reportBroadcastPauses(connection, {
      // A state of the broadcast, not an error: no "classcast:" prefix.
      paused: (message) => void process.stderr.write(`\n${message}\n`),
      resumed: (pausedMs) => void process.stderr.write(`\nthe broadcast resumed after ${(pausedMs / 1000).toFixed(1)} s paused\n`),
    }),
    onSent(frame) {
      if (flags.printFrames) {
        const { sequence, kind, partition, offset, refresh } = frame;
        printFrameLine({ sequence, kind, partition, offset, ...(refresh ? { refresh } : {}) });
      }
      rate.tick();
      encodeTimes.add(frame.encodeMs);
      bytes += frame.bytes;
      if (frame.refresh) {
        counts.repeats += 1;
      } else {
        counts.pictures += 1;
        counts[frame.kind] += 1;
      }
      status.update(
        `sent ${counts.pictures} pictures (+${counts.repeats} repeats for late joiners)  ${rate.rate().toFixed(1)} messages/s  ${frame.width}x${frame.height}  last message ${formatBytes(frame.bytes)}  encode ${encodeTimes.median().toFixed(0)} ms  total ${formatBytes(bytes)}`,
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
    const sent = await session.start(); // = counts.pictures: the stream counts new pictures too
    status.done();
    // The teacher closed the shared window: how this broadcast ends, said in one line, not a failure.
    if (fatal?.code === 'CC_CAPTURE_WINDOW_CLOSED') {
      process.stderr.write(`${fatal.message}\n`);
      fatal = undefined;
    }
    process.stderr.write(
      `broadcast ended after ${counts.pictures} pictures (${counts.key} keyframes, ${counts.delta} deltas; plus ${counts.repeats} messages repeating a picture for late joiners; ${formatBytes(bytes)})\n`,
    );
    // A broadcast that could not send is a failure, with the error's own fix as the last line.
    if (fatal) throw fatal;
    return sent;
  } finally {
    await session.stop().catch(() => undefined);
    await source.close();
  }
}
