/**
 * `classcast watch`: join a class as a student and (optionally) write every picture to a folder.
 * The class's announcements are printed on stdout as `announcement: <text>` lines, the teacher's
 * "eyes on me" as an `eyes on me` line.
 */
import type { Command } from 'commander';
import { DEFAULT_MAX_PICTURE_PIXELS, MAX_DIMENSION, studentGroupId } from '@classcast/protocol';
import {
  createAnnouncementReader,
  createSubscription,
  describeKafkaError,
  formatBytes,
  watchClassAccess,
  type ClassAccessWatch,
  type ReceivedFrame,
} from '@classcast/kafka';
import { createScreenSwitch, createSharedScreenSource } from '@classcast/stream';
import { addConnectionOptions, addRackOption, resolveConnection, type ConnectionFlags } from '../connection-options.js';
import { printFrameLine } from '../frame-lines.js';
import { createFrameWriter } from '../lesson/frame-writer.js';
import { viewerPictureLimit } from '../lesson/picture-limit.js';
import { createLatencyTracker, createRateMeter, createStatusLine, reportSkipped } from '../status-line.js';
import { parseNumber, stopSignal } from './option-parsers.js';

export interface WatchFlags extends ConnectionFlags {
  class: string;
  student: string;
  out?: string;
  frames?: number;
  maxPixels?: number;
  /** Stay after the teacher's end, for the next broadcast. */
  stay?: boolean;
  printFrames?: boolean;
}

export function registerWatchCommand(program: Command): void {
  addRackOption(
    addConnectionOptions(
      program
        .command('watch')
        .description('join a class as a student')
        .requiredOption('--class <id>', 'class id')
        .requiredOption('--student <name>', 'student name (each student has a consumer group of its own)')
        .option('--out <dir>', 'write every received picture to this folder as an image file')
        .option('--frames <n>', 'leave after n pictures', parseNumber('frames', 1, Number.MAX_SAFE_INTEGER))
        .option('--stay', 'stay when the teacher ends the lesson, for the next broadcast of the class (default: leave)')
        .option('--print-frames', 'print a JSON line on stdout for each frame read (sequence, offset, capture time, when)')
        .option(
          '--max-pixels <n>',
          `refuse pictures with more pixels, undecoded (default: the class's max-picture setting, else ${DEFAULT_MAX_PICTURE_PIXELS}, 4K)`,
          parseNumber('max-pixels', 1, MAX_DIMENSION * MAX_DIMENSION),
        ),
    ),
  ).action(async (flags: WatchFlags) => void (await watch(flags)));
}

export async function watch(flags: WatchFlags, signal = stopSignal()): Promise<number> {
  const connection = await resolveConnection(flags);
  // Only a viewer that decodes (--out) needs the limit.
  const writer = flags.out ? await createFrameWriter(flags.out, await viewerPictureLimit(connection, flags.class, flags.maxPixels)) : undefined;
  const status = createStatusLine();
  const rate = createRateMeter();
  const latency = createLatencyTracker();
  let received = 0;
  let lastPicture: number | undefined;
  let lessonEnded = false;
  const enough = new AbortController();
  let wasReconnecting = false;
  // Whose screen the class sees: the teacher's, or a student's the teacher accepted (screen-switch.ts).
  // Pictures are written one after another; the chain never stays broken by one that fails.
  let shown: Promise<void> = Promise.resolve();
  /** The teacher's picture handed over last: its failure is the subscription's to count (a skip). */
  let teacherPicture: Promise<void> | undefined;
  const screen = createScreenSwitch({
    show(received) {
      const next = shown.then(() => show(received));
      shown = next.catch((error: unknown) => {
        if (received.sharedBy !== undefined) reportSharedSkipped(error);
      });
      if (received.sharedBy === undefined) teacherPicture = next;
    },
    onSwitch: (student) => process.stderr.write(student === undefined ? "\nback to the teacher's screen\n" : `\nshowing ${student}'s screen\n`),
    log: (line) => void process.stderr.write(`\n${line}\n`),
  });
  const sharedScreens = createSharedScreenSource(flags.class, screen, (line) => void process.stderr.write(`\n${line}\n`));
  const reportSharedSkipped = (error: unknown): void =>
    void process.stderr.write(`\nskipped a picture of the shared screen: ${error instanceof Error ? error.message : String(error)}\n`);
  async function show({ frame, partition, offset, latencyMs, catchingUp }: ReceivedFrame): Promise<void> {
    // --frames reached: frames still in flight until the subscription stops are not counted or written.
    if (enough.signal.aborted) return;
    if (flags.printFrames) printFrameLine({ sequence: frame.sequence, kind: frame.kind, partition, offset, captureTime: frame.captureTime, catchingUp });
    if (frame.kind === 'end') {
      if (catchingUp) return; // an earlier lesson's end, with the current one after it
      if (flags.stay) {
        status.update(`the teacher ended the broadcast after ${received} pictures; waiting for the next one`);
      } else {
        lessonEnded = true;
        enough.abort();
      }
      return;
    }
    if (frame.kind !== 'key' && frame.kind !== 'delta') return;
    await writer?.write(frame, catchingUp);
    // A refresh of the picture this student already has is a message for late joiners, no new picture.
    const repeat = frame.refreshOf !== undefined && frame.refreshOf === lastPicture;
    lastPicture = frame.sequence;
    if (catchingUp || repeat) return;
    received += 1;
    rate.tick();
    latency.add(latencyMs);
    status.update(
      `received ${received} pictures  ${rate.rate().toFixed(1)} pictures/s  latency ${latency.last()} ms (median ${latency.median()} ms)  ${frame.width}x${frame.height}  ${formatBytes(frame.payload.length)}  skipped ${subscription.stats.skipped}`,
    );
    if (flags.frames !== undefined && received >= flags.frames) enough.abort();
  }
  const subscription = createSubscription({
    connection,
    classId: flags.class,
    groupId: studentGroupId(flags.class, flags.student),
    startAt: 'live',
    async onFrame(received) {
      teacherPicture = undefined;
      screen.teacherFrame(received);
      await shown;
      await teacherPicture;
    },
    onStatus(next, detail) {
      // Trouble and the way back out of it get a line each; 'live' at the start and 'ended' say enough already.
      if (next === 'reconnecting') process.stderr.write(`\nreconnecting: ${detail ?? 'the connection to Kafka was lost'}\n`);
      else if (next === 'live' && wasReconnecting) process.stderr.write('live again\n');
      wasReconnecting = next === 'reconnecting';
    },
    onSkipped: (skipped) => reportSkipped(skipped),
  });
  await subscription.start();
  sharedScreens.read(connection);
  // Only once the class is joined: a broker that cannot be reached is the subscription's one line.
  const announcements = createAnnouncementReader({
    connection,
    classId: flags.class,
    readerId: flags.student,
    onAnnouncement: ({ text }) => process.stdout.write(`announcement: ${text}\n`),
    // Always live here: the line says the teacher asked.
    onEyesOnMe: () => process.stdout.write('eyes on me\n'),
    onSkipped: ({ offset, reason }) => process.stderr.write(`skipped announcement at offset ${offset}: ${reason}\n`),
  });
  // Announcements are a side channel: a class without any (yet) is waited for, a failure is one line.
  announcements.start().catch((error: unknown) => {
    process.stderr.write(`announcements unavailable: ${describeKafkaError(error, connection.brokers).message}\n`);
  });
  // On a cluster with logins the broker is asked again every few seconds: a revoked student stops watching.
  let ended: Error | undefined;
  const access: ClassAccessWatch | undefined = connection.sasl
    ? watchClassAccess(
        connection,
        { classId: flags.class, groupId: studentGroupId(flags.class, flags.student) },
        {
          onRefused: (error) => {
            ended = error;
            enough.abort();
          },
        },
      )
    : undefined;
  process.stderr.write(`joined class ${flags.class} as ${flags.student}${flags.out ? `, writing pictures to ${flags.out}` : ''}\n`);
  await new Promise<void>((resolve) => {
    if (signal.aborted || enough.signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    enough.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.all([subscription.stop(), announcements.stop(), access?.stop(), sharedScreens.stop()]);
  if (ended) {
    status.done(`left class ${flags.class} after ${received} pictures`);
    throw ended;
  }
  const why = lessonEnded ? 'the lesson has ended: ' : '';
  status.done(`${why}left class ${flags.class} after ${received} pictures (${subscription.stats.skipped} skipped)`);
  return received;
}
