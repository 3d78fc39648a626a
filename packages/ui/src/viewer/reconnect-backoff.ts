/**
 * Exponential backoff with jitter for reconnecting to the gateway: 250 ms, 500 ms, 1 s … up to
 * 8 s, each randomly shortened by up to half so a classroom of browsers that lost the gateway at
 * the same moment does not come back in lockstep.
 */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** 0 ≤ random() < 1; injectable for tests. */
  random?: () => number;
}

export function backoffDelay(attempt: number, { initialMs = 250, maxMs = 8000, random = Math.random }: BackoffOptions = {}): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
