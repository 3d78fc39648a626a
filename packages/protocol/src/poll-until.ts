/**
 * The one polling loop: asks `probe` until it answers (anything but undefined or false), pausing
 * between asks, and gives up with undefined when the time runs out or the signal aborts. For
 * state Kafka reports a moment after a change (topics, ACLs, configs, brokers, processes).
 */
import { pause } from './pause.js';

export interface PollOptions {
  /** Time between asks: fixed, or by the number of asks so far (1 after the first) for a backoff. */
  intervalMs: number | ((asked: number) => number);
  /** Give up this long after the first ask (it asks once more at the deadline); none: until aborted. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The probe is told how many times it was asked before (0 the first time). */
export async function pollUntil<T>(
  probe: (asked: number) => T | undefined | false | Promise<T | undefined | false>,
  options: PollOptions,
): Promise<T | undefined> {
  const deadline = Date.now() + (options.timeoutMs ?? Infinity);
  for (let asked = 0; ; asked += 1) {
    if (options.signal?.aborted) return undefined;
    const answer = await probe(asked);
    if (answer !== undefined && answer !== false) return answer;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    const interval = typeof options.intervalMs === 'number' ? options.intervalMs : options.intervalMs(asked + 1);
    if (!(await pause(Math.min(interval, left), options.signal))) return undefined;
  }
}
