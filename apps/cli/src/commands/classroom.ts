/**
 * `classcast classroom` (what `npm start` runs): a whole local classroom in one process — the
 * embedded Kafka, a teacher broadcasting, and a student writing what it receives to a folder.
 * Ctrl-C stops all three and the broker.
 */
import type { Command } from 'commander';
import { startKafka } from '@classcast/broker';
import { parseNumber, stopSignal } from './option-parsers.js';
import { teach } from './teach.js';
import { watch } from './watch.js';

interface ClassroomFlags {
  class: string;
  student: string;
  source: string;
  fps: number;
  out: string;
}

export function registerClassroomCommand(program: Command): void {
  program
    .command('classroom')
    .description('a local classroom: embedded Kafka + a teacher broadcasting + a student writing frames to a folder')
    .option('--class <id>', 'class id', 'demo')
    .option('--student <name>', 'the student who watches', 'ada')
    .option('--source <source>', 'test | desktop | folder:PATH', 'test')
    .option('--fps <n>', 'frames per second', parseNumber('fps', 0.1, 60), 5)
    .option('--out <dir>', 'where the student writes frames', 'classroom-out')
    .action(async (flags: ClassroomFlags) => classroom(flags));
}

async function classroom(flags: ClassroomFlags): Promise<void> {
  const signal = stopSignal();
  process.stderr.write('starting the embedded Kafka broker…\n');
  const cluster = await startKafka({ nodes: 1, onProgress: ({ message }) => process.stderr.write(`${message}\n`) });
  const brokers = cluster.bootstrapServers.join(',');
  try {
    process.stderr.write(
      `Kafka is up at ${brokers}. Watch from another terminal with:\n` +
        `  npm run classcast -- watch --brokers ${brokers} --class ${flags.class} --student bob --out /tmp/bob\n` +
        `Press Ctrl-C to end the lesson.\n`,
    );
    // The teacher creates the class topic; the student waits for it, then starts live.
    const student = watch({ brokers, class: flags.class, student: flags.student, out: flags.out }, signal);
    await teach({ brokers, class: flags.class, source: flags.source, fps: flags.fps, quality: 75, codec: 'jpeg', scale: 1, deltas: false, slideSeconds: 5 }, signal);
    await student;
  } finally {
    await cluster.stop();
  }
}
