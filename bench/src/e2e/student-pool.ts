/**
 * The students of one end-to-end run, spread over a few child processes: starts them, waits until
 * every one has joined its group, and collects their receipts when the run is over. The CPU the
 * children used is part of the report (the load the run put on the machine).
 */
import { fork } from 'node:child_process';
import { exited, nextMessage } from '../child-process.js';
import type { ChildMessage, ParentMessage, Receipt, StudentMode, StudentProcessConfig } from './student-messages.js';

export interface StudentPoolOptions {
  mode: StudentMode;
  brokers: string[];
  classId: string;
  topic: string;
  students: number;
  processes: number;
  /** Racks handed out to the students round robin (student i gets racks[i % racks.length]); none: no rack. */
  racks?: readonly string[];
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
  const rackOf = (i: number) => options.racks?.[i % options.racks.length];
  const groups = Array.from({ length: Math.min(options.processes, names.length) }, (_, p) => names.flatMap((_, i) => (i % options.processes === p ? [i] : [])));
  const children = groups.map((group) => {
    const config: StudentProcessConfig = {
      mode: options.mode,
      brokers: options.brokers,
      classId: options.classId,
      topic: options.topic,
      names: group.map((i) => names[i]!),
      ...(options.racks ? { racks: group.map((i) => rackOf(i)!) } : {}),
    };
    return fork(CHILD, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  });
  const kill = () => children.forEach((child) => child.exitCode === null && child.signalCode === null && child.kill());
  try {
    await Promise.all(children.map((child) => nextMessage<ChildMessage, 'ready'>(child, 'ready')));
  } catch (error) {
    kill();
    throw error;
  }
  return {
    kill,
    async finish(lastOffset, timeoutMs) {
      const reports = await Promise.all(
        children.map((child) => {
          const report = nextMessage<ChildMessage, 'report'>(child, 'report');
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
