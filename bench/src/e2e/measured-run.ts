/**
 * One segment of an end-to-end run: students join (each in a group of its own), the teacher
 * sends, the machine's load is sampled meanwhile, then the students catch up and report. Which
 * teacher (a live broadcast or a replay) and which students (classcast or plain) is the caller's
 * choice. Segments of one mode are merged into that mode's figures.
 */
import { latencySamples, summarizeLatency, type LatencyFigures, type LatencySamples } from './latency.js';
import { sampleLoad, type LoadFigures } from './load-sampler.js';
import type { SendRecord } from './send-log.js';
import type { StudentMode } from './student-messages.js';
import { startStudentPool } from './student-pool.js';
import type { Teacher } from './teachers.js';

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

export type SegmentLoad = LoadFigures & { studentsCpuPercent: number; studentsMaxRssMb: number };

export interface Segment {
  sends: SendRecord[];
  samples: LatencySamples;
  load: SegmentLoad;
  skipped: number;
  errors: string[];
}

export interface RunFigures {
  mode: StudentMode;
  segments: number;
  messages: number;
  payloadBytes: number;
  latency: LatencyFigures;
  load: SegmentLoad;
  skipped: number;
  errors: string[];
}

export async function measureSegment(context: RunContext, mode: StudentMode, where: { classId: string; topic: string }, teacher: Teacher): Promise<Segment> {
  await teacher.start();
  const pool = await startStudentPool({ mode, brokers: context.brokers, ...where, students: context.students, processes: context.processes }).catch(
    async (error: unknown) => {
      await teacher.stop();
      throw error;
    },
  );
  try {
    const sampler = sampleLoad(context.brokerPid);
    const sends = await teacher.send();
    const load = sampler.stop();
    const report = await pool.finish(sends.at(-1)?.offset ?? 0, DRAIN_TIMEOUT_MS);
    return {
      sends,
      samples: latencySamples(sends, report.receipts, WARM_UP_MS),
      load: { ...load, studentsCpuPercent: (report.cpuMs / 1000 / load.wallSeconds) * 100, studentsMaxRssMb: report.maxRssMb },
      skipped: report.skipped,
      errors: report.errors,
    };
  } finally {
    pool.kill();
    await teacher.stop();
  }
}

export function mergeSegments(mode: StudentMode, segments: readonly Segment[]): RunFigures {
  const loads = segments.map((segment) => segment.load);
  const wall = loads.reduce((sum, load) => sum + load.wallSeconds, 0);
  const weighted = (pick: (load: SegmentLoad) => number) => loads.reduce((sum, load) => sum + pick(load) * load.wallSeconds, 0) / wall;
  return {
    mode,
    segments: segments.length,
    messages: segments.reduce((sum, segment) => sum + segment.sends.length, 0),
    payloadBytes: segments.reduce((sum, segment) => sum + segment.sends.reduce((bytes, record) => bytes + record.frame.payload.length, 0), 0),
    latency: summarizeLatency(segments.map((segment) => segment.samples)),
    load: {
      wallSeconds: wall,
      machineBusyPercent: weighted((load) => load.machineBusyPercent),
      loadAverage1m: { before: loads[0]?.loadAverage1m.before ?? Number.NaN, after: loads.at(-1)?.loadAverage1m.after ?? Number.NaN },
      teacherCpuPercent: weighted((load) => load.teacherCpuPercent),
      brokerCpuPercent: weighted((load) => load.brokerCpuPercent),
      studentsCpuPercent: weighted((load) => load.studentsCpuPercent),
      studentsMaxRssMb: Math.max(...loads.map((load) => load.studentsMaxRssMb)),
    },
    skipped: segments.reduce((sum, segment) => sum + segment.skipped, 0),
    errors: segments.flatMap((segment) => segment.errors).slice(0, 5),
  };
}
