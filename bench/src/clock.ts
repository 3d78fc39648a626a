/**
 * Time for the bench: wall-clock milliseconds since the Unix epoch with sub-millisecond
 * resolution, comparable between the processes of one machine (teacher and student processes),
 * and a stopwatch that reads wall and CPU time around one awaited call.
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface Timed<T> {
  result: T;
  wallMs: number;
  /** User + system CPU of the whole process (the main thread and sharp's worker threads). */
  cpuMs: number;
}

export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = await work();
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  return { result, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}
