/**
 * The students of one end-to-end run, spread over a few child processes: starts them, waits until
 * every one has joined its group, and collects their receipts when the run is over. The CPU the
 * children used is part of the report (the load the run put on the machine).
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { ChildMessage, ParentMessage, Receipt, StudentMode } from './student-messages.js';

export interface StudentPoolOptions {
  mode: StudentMode;
  brokers: string[];
  classId: string;
  topic: string;
  students: number;
  processes: number;
}

export interface PoolReport {
  /** One list of receipts per student. */
  receipts: Receipt[][];
  cpuMs: number;
  maxRssMb: number;
  skipped: number;
  errors: string[];
}

export interface StudentPool {
  finish(lastOffset: number, timeoutMs: number): Promise<PoolReport>;
  kill(): void;
}

const CHILD = new URL('./student-process.js', import.meta.url);
const EXIT_GRACE_MS = 10_000;

export async function startStudentPool(options: StudentPoolOptions): Promise<StudentPool> {
  const names = Array.from({ length: options.students }, (_, i) => `s${String(i).padStart(2, '0')}`);
  const groups = Array.from({ length: Math.min(options.processes, names.length) }, (_, p) => names.filter((_, i) => i % options.processes === p));
  const children = groups.map((group) =>
    fork(CHILD, [JSON.stringify({ mode: options.mode, brokers: options.brokers, classId: options.classId, topic: options.topic, names: group })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const kill = () => children.forEach((child) => child.exitCode === null && child.signalCode === null && child.kill());
  try {
    await Promise.all(children.map((child) => nextMessage(child, 'ready')));
  } catch (error) {
    kill();
    throw error;
  }
  return {
    kill,
    async finish(lastOffset, timeoutMs) {
      const reports = await Promise.all(
        children.map((child) => {
          const report = nextMessage(child, 'report');
          child.send({ type: 'finish', lastOffset, timeoutMs } satisfies ParentMessage);
          return report;
        }),
      );
      // Children leave on their own once their students have left their groups.
      await Promise.all(children.map((child) => exited(child, EXIT_GRACE_MS)));
      return {
        receipts: reports.flatMap((report) => report.receipts),
        cpuMs: reports.reduce((sum, report) => sum + report.cpuMs, 0),
        maxRssMb: reports.reduce((sum, report) => sum + report.maxRssMb, 0),
        skipped: reports.reduce((sum, report) => sum + report.skipped, 0),
        errors: reports.flatMap((report) => report.errors),
      };
    },
  };
}

function nextMessage<T extends ChildMessage['type']>(child: ChildProcess, type: T): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'failed') done(() => reject(new Error(`student process failed: ${message.message}`)));
      else if (message.type === type) done(() => resolve(message as Extract<ChildMessage, { type: T }>));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`student process exited (${String(code)}) before "${type}"`)));
    const done = (settle: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Resolves once `child` has exited, killing it after `graceMs`. */
function exited(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill(), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
