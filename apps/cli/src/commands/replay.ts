/**
 * `classcast replay`: play back a stretch of a lesson from a partition offset or a wall-clock
 * time, writing the pictures to a folder and/or pacing them at a speed.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { replay, type ReplayEnd, type ReplayStart } from '@classcast/kafka';
import { addConnectionOptions, addRackOption, resolveConnection, type ConnectionFlags } from '../connection-options.js';
import { createFrameWriter } from '../lesson/frame-writer.js';
import { viewerPictureLimit } from '../lesson/picture-limit.js';
import { createStatusLine, reportSkipped } from '../status-line.js';
import { parseNumber } from './option-parsers.js';
import { parseTime } from './time-parsers.js';

interface ReplayFlags extends ConnectionFlags {
  class: string;
  partition?: number;
  offset?: string;
  from?: Date;
  to?: string;
  out?: string;
  speed?: number;
}

export function registerReplayCommand(program: Command): void {
  addRackOption(
    addConnectionOptions(
      program
        .command('replay')
        .description('play back a lesson from an offset or a time')
        .requiredOption('--class <id>', 'class id')
        .option('--partition <p>', 'partition to seek (with --offset)', parseNumber('partition', 0, 100_000))
        .option('--offset <o>', 'offset to start at (with --partition)', parseOffset)
        .option('--from <time>', 'start at this time (ISO 8601, or -10m for ten minutes ago)', (value) => parseTime(value))
        .option('--to <time-or-offset>', 'stop after this time, or this offset (a plain number)')
        .option('--out <dir>', 'write each picture to this folder')
        .option('--speed <s>', 'pace by capture time, e.g. 1, 2 or 4 (default: as fast as possible)', parseNumber('speed', 0.1, 64)),
    ),
  ).action(async (flags: ReplayFlags) => {
    const from: ReplayStart = flags.from ? { time: flags.from.getTime() } : { partition: flags.partition ?? 0, offset: flags.offset ?? '0' };
    if (flags.from && flags.offset !== undefined) throw new InvalidArgumentError('give --from or --partition/--offset, not both');
    const to: ReplayEnd | undefined =
      flags.to === undefined ? undefined : /^\d+$/.test(flags.to) ? { offset: flags.to } : { time: parseTime(flags.to).getTime() };
    const connection = await resolveConnection(flags);
    const writer = flags.out ? await createFrameWriter(flags.out, await viewerPictureLimit(connection, flags.class)) : undefined;
    const status = createStatusLine();
    let pictures = 0;
    const result = await replay({
      connection,
      classId: flags.class,
      from,
      ...(to ? { to } : {}),
      ...(flags.speed ? { speed: flags.speed } : {}),
      async onFrame({ frame, partition, offset, catchingUp }) {
        await writer?.write(frame, catchingUp);
        if (!catchingUp && (frame.kind === 'key' || frame.kind === 'delta') && frame.refreshOf === undefined) pictures += 1;
        if (!catchingUp)
          status.update(`partition ${partition} offset ${offset}  ${new Date(frame.captureTime).toISOString()}  ${frame.kind} ${frame.sequence}`);
      },
      onSkipped: (skipped) => reportSkipped(skipped),
    });
    status.done(`replayed ${result.frames} messages (${pictures} pictures) of class ${flags.class}${flags.out ? ` into ${flags.out}` : ''}`);
  });
}

function parseOffset(value: string): string {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`offset "${value}" is not a whole number`);
  return value;
}
