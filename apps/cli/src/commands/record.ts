/**
 * `classcast record`: a recorder of a pool. Recorders started with the same --pool share one
 * consumer group, so the class's partitions are split between them (queue semantics); each
 * writes its partitions' pictures to disk. Offsets are committed after each frame and files are
 * named by stream and sequence and written atomically, so a restarted recorder resumes from its
 * committed offset and never writes a picture twice.
 */
import type { Command } from 'commander';
import { recorderGroupId } from '@classcast/protocol';
import { createSubscription } from '@classcast/kafka';
import { addConnectionOptions, addRackOption, resolveConnection, type ConnectionFlags } from '../connection-options.js';
import { createFrameWriter } from '../lesson/frame-writer.js';
import { viewerPictureLimit } from '../lesson/picture-limit.js';
import { createStatusLine, reportSkipped } from '../status-line.js';
import { parseNumber, stopSignal } from './option-parsers.js';

interface RecordFlags extends ConnectionFlags {
  class: string;
  out: string;
  pool: string;
  frames?: number;
}

export function registerRecordCommand(program: Command): void {
  addRackOption(
    addConnectionOptions(
      program
        .command('record')
        .description('record a class to disk, as one of a pool of recorders')
        .requiredOption('--class <id>', 'class id')
        .requiredOption('--out <dir>', 'folder for the pictures')
        .option('--pool <name>', 'recorders with the same pool share the work', 'default')
        .option('--frames <n>', 'stop after writing n pictures', parseNumber('frames', 1, Number.MAX_SAFE_INTEGER)),
    ),
  ).action(async (flags: RecordFlags) => {
    const signal = stopSignal();
    const connection = await resolveConnection(flags);
    const writer = await createFrameWriter(flags.out, await viewerPictureLimit(connection, flags.class));
    const status = createStatusLine();
    let written = 0;
    const enough = new AbortController();
    const subscription = createSubscription({
      connection,
      classId: flags.class,
      groupId: recorderGroupId(flags.class, flags.pool),
      startAt: 'committed',
      async onFrame({ frame, catchingUp }) {
        const file = await writer.write(frame, catchingUp);
        if (!file) return;
        written += 1;
        status.update(`recorded ${written} pictures (partitions ${subscription.assignedPartitions().join(',')}), last ${file}`);
        if (flags.frames !== undefined && written >= flags.frames) enough.abort();
      },
      // A refused picture (over the class's limit, forged) is skipped with the reason, as watch does.
      onSkipped: (skipped) => reportSkipped(skipped),
    });
    await subscription.start();
    process.stderr.write(`recording class ${flags.class} into ${flags.out} (pool ${flags.pool}, partitions ${subscription.assignedPartitions().join(',')})\n`);
    await new Promise<void>((resolve) => {
      for (const s of [signal, enough.signal]) {
        if (s.aborted) resolve();
        s.addEventListener('abort', () => resolve(), { once: true });
      }
    });
    await subscription.stop();
    status.done(`recorded ${written} pictures of class ${flags.class}`);
  });
}
