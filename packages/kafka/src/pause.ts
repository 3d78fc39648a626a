/**
 * Waits `ms`, or less if `signal` aborts first: true when the time ran out, false when aborted.
 * The abort listener is removed when the time runs out, so a loop that waits again and again on
 * one long-lived signal (a reader polling for its topic all lesson) does not pile up listeners.
 */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
