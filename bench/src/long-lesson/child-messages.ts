/** What the long-lesson bench's child processes (the gateway, the students) and the bench say over IPC. */
export interface MemorySample {
  type: 'memory';
  /** ms since the epoch. */
  at: number;
  rssMb: number;
  heapUsedMb: number;
  /** Buffers and native objects outside the JS heap (pictures, sockets' data). */
  externalMb: number;
}

export interface GatewayReady {
  type: 'ready';
  url: string;
}

export interface GatewayStats {
  type: 'gateway-stats';
  sessions: number;
  framesSent: number;
  framesDropped: number;
}

export interface StudentsReport {
  type: 'students-report';
  students: number;
  /** Frames each student received, lowest and highest. */
  framesMin: number;
  framesMax: number;
  /** Pictures the composing students drew (every frame through the compositor). */
  composed: number;
  /** Frames the gateway skipped for a student (back-pressure jumps to a newer keyframe). */
  jumps: number;
  /** Frames that could not be decoded or composed. */
  bad: number;
  /** Statuses seen by any student, with how many students saw each. */
  statuses: Record<string, number>;
  errors: string[];
}

export type ChildMessage = MemorySample | GatewayReady | GatewayStats | StudentsReport | { type: 'students-ready' } | { type: 'failed'; message: string };
/** gc: collect garbage now (a process started with --expose-gc), then send a memory sample. */
export type ParentMessage = { type: 'finish' } | { type: 'stats' } | { type: 'gc' };

/** This process's memory, in the message the bench collects. */
export function memorySample(): MemorySample {
  const usage = process.memoryUsage();
  return { type: 'memory', at: Date.now(), rssMb: usage.rss / 1024 / 1024, heapUsedMb: usage.heapUsed / 1024 / 1024, externalMb: usage.external / 1024 / 1024 };
}

/** Sends a memory sample now and every `everyMs` until the process leaves. */
export function reportMemory(everyMs: number): NodeJS.Timeout {
  process.send?.(memorySample());
  const timer = setInterval(() => process.send?.(memorySample()), everyMs);
  timer.unref();
  return timer;
}
