/**
 * The one way a test waits for what a broker, a gateway or another process does a moment later:
 * asks `condition` every 50 ms until it answers (anything but undefined or false), and fails
 * with what it waited for once `timeoutMs` has passed. `what` may be a function, to add the state
 * seen at the end (stdout so far, the statuses received).
 */
import { pollUntil } from '@classcast/protocol';

export async function waitFor<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  what: string | (() => string),
): Promise<T> {
  const answer = await pollUntil(condition, { intervalMs: 50, timeoutMs });
  if (answer === undefined) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
  return answer;
}

/**
 * A cleanup step that must not hold the suite (a client stuck on a hung broker, a browser that
 * does not close): waits for `step` at most `timeoutMs`, and says on stderr when it gave up or
 * the step failed, instead of throwing, so the cleanup steps after it still run.
 */
export async function settleWithin(what: string, step: Promise<unknown> | (() => Promise<unknown>), timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<'gave up'>((resolve) => (timer = setTimeout(() => resolve('gave up'), timeoutMs)));
  try {
    const running = typeof step === 'function' ? step() : step;
    if ((await Promise.race([running, gaveUp])) === 'gave up') process.stderr.write(`cleanup: gave up on ${what} after ${timeoutMs} ms\n`);
  } catch (error) {
    process.stderr.write(`cleanup: ${what} failed: ${String(error)}\n`);
  } finally {
    clearTimeout(timer);
  }
}
