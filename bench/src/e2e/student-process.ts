/**
 * A child process holding several bench students (30 students in one process would share one
 * event loop; a few processes spread them over the cores). Its one argument is the JSON of a
 * StudentProcessConfig; it answers "ready" once every student has joined, and on "finish" waits
 * until every student has the last offset (or the timeout) and reports what they received.
 */
import { pollUntil } from '@classcast/protocol';
import { createBenchStudent } from './bench-students.js';
import type { ChildMessage, ParentMessage, StudentProcessConfig } from './student-messages.js';

const config = JSON.parse(process.argv[2] ?? '{}') as StudentProcessConfig;
const students = config.names.map((name, i) => createBenchStudent(config, name, config.racks?.[i]));
let maxRss = process.memoryUsage.rss();
// CPU is counted from "ready": joining the group is not part of the run.
let cpuAtReady: NodeJS.CpuUsage | undefined;
const rssTimer = setInterval(() => (maxRss = Math.max(maxRss, process.memoryUsage.rss())), 1000);

// When the bench goes away (Ctrl-C, a crash), so does this process: nothing of a run outlives it.
process.once('disconnect', () => process.exit());

function say(message: ChildMessage): void {
  process.send?.(message);
}

async function finish({ lastOffset, timeoutMs }: Extract<ParentMessage, { type: 'finish' }>): Promise<void> {
  const caughtUp = () => students.every((student) => student.receipts.some(([offset]) => offset >= lastOffset));
  await pollUntil(caughtUp, { intervalMs: 100, timeoutMs });
  clearInterval(rssTimer);
  const cpu = process.cpuUsage(cpuAtReady);
  say({
    type: 'report',
    receipts: students.map((student) => student.receipts),
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: Math.round(maxRss / 1024 / 1024),
    skipped: students.reduce((sum, student) => sum + student.skipped, 0),
    errors: students.flatMap((student) => student.errors).slice(0, 5),
  });
  await Promise.allSettled(students.map((student) => student.stop()));
  process.disconnect?.();
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'finish') void finish(message);
});

try {
  await Promise.all(students.map((student) => student.start()));
  cpuAtReady = process.cpuUsage();
  say({ type: 'ready' });
} catch (error) {
  say({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
  process.disconnect?.();
}
