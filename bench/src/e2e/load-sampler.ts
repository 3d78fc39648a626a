/**
 * How busy the machine was during a run, and who made it busy: the whole machine from
 * /proc/stat (other people's work included), the load average, this process (the teacher) and
 * the broker's JVM from /proc/<pid>/stat. The student processes report their own CPU.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface LoadFigures {
  wallSeconds: number;
  /** Busy share of all cores, 0..100 %, everyone's processes. */
  machineBusyPercent: number;
  loadAverage1m: { before: number; after: number };
  /** CPU time over wall time, in % of one core. */
  teacherCpuPercent: number;
  brokerCpuPercent: number;
}

// Linux reports process CPU in clock ticks of 1/100 s (USER_HZ) on every common architecture.
export const TICKS_PER_SECOND = 100;

export interface LoadSampler {
  stop(): LoadFigures;
}

export function sampleLoad(brokerPid: number | undefined): LoadSampler {
  const start = { wall: performance.now(), machine: machineTicks(), teacher: process.cpuUsage(), broker: processTicks(brokerPid), load: os.loadavg()[0]! };
  return {
    stop() {
      const wallSeconds = (performance.now() - start.wall) / 1000;
      const machine = machineTicks();
      const teacher = process.cpuUsage(start.teacher);
      const busy = machine.busy - start.machine.busy;
      const total = busy + machine.idle - start.machine.idle;
      return {
        wallSeconds,
        machineBusyPercent: total > 0 ? (busy / total) * 100 : Number.NaN,
        loadAverage1m: { before: start.load, after: os.loadavg()[0]! },
        teacherCpuPercent: ((teacher.user + teacher.system) / 1e6 / wallSeconds) * 100,
        brokerCpuPercent: ((processTicks(brokerPid) - start.broker) / TICKS_PER_SECOND / wallSeconds) * 100,
      };
    },
  };
}

/** CPU the processes `pids` use from now on: the returned function gives cores (CPU seconds per wall second) since. */
export function coresSince(pids: readonly number[]): () => number {
  const ticks = () => pids.reduce((sum, pid) => sum + processTicks(pid), 0);
  const start = { ticks: ticks(), wall: performance.now() };
  return () => (ticks() - start.ticks) / TICKS_PER_SECOND / ((performance.now() - start.wall) / 1000);
}

/** Busy and idle ticks of all cores together (first line of /proc/stat). */
function machineTicks(): { busy: number; idle: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: fields.reduce((a, b) => a + b, 0) - idle, idle };
}

/** utime + stime of a process, in ticks; 0 when it cannot be read. */
export function processTicks(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const after = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(after[11]) + Number(after[12]);
  } catch {
    return 0;
  }
}
