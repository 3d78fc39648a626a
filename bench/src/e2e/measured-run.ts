/**
 * One end-to-end run: students join (each in a group of its own), the teacher side sends, the
 * machine's load is sampled while it does, then the students catch up and report. Which teacher
 * (a live broadcast or a replay) and which students (classcast or plain) is the caller's choice.
 */
import { latencyFigures, type LatencyFigures } from './latency.js';
import { sampleLoad, type LoadFigures } from './load-sampler.js';
import type { SendRecord } from './send-log.js';
import type { StudentMode } from './student-messages.js';
import { startStudentPool } from './student-pool.js';

/** JIT, first fetches and the first keyframe at every student at once: not the steady state. */
export const WARM_UP_MS = 2000;
/** How long students may take to catch up after the last send before the missing ones count. */
const DRAIN_TIMEOUT_MS = 15_000;

export interface RunContext {
  brokers: string[];
  brokerPid: number | undefined;
  students: number;
  processes: number;
}

export interface RunFigures {
  mode: StudentMode;
  messages: number;
  payloadBytes: number;
  latency: LatencyFigures;
  load: LoadFigures & { studentsCpuPercent: number; studentsMaxRssMb: number };
  skipped: number;
  errors: string[];
}

export async function measuredRun(context: RunContext, mode: StudentMode, where: { classId: string; topic: string }, send: () => Promise<SendRecord[]>): Promise<{ figures: RunFigures; sends: SendRecord[] }> {
  const pool = await startStudentPool({ mode, brokers: context.brokers, ...where, students: context.students, processes: context.processes });
  try {
    const load = sampleLoad(context.brokerPid);
    const sends = await send();
    const loadFigures = load.stop();
    const report = await pool.finish(sends.at(-1)?.offset ?? 0, DRAIN_TIMEOUT_MS);
    const figures: RunFigures = {
      mode,
      messages: sends.length,
      payloadBytes: sends.reduce((sum, record) => sum + record.frame.payload.length, 0),
      latency: latencyFigures(sends, report.receipts, WARM_UP_MS),
      load: { ...loadFigures, studentsCpuPercent: (report.cpuMs / 1000 / loadFigures.wallSeconds) * 100, studentsMaxRssMb: report.maxRssMb },
      skipped: report.skipped,
      errors: report.errors,
    };
    return { figures, sends };
  } finally {
    pool.kill();
  }
}
