/**
 * The one way classcast waits: `pause(ms, signal?)` resolves true when the time ran out, false
 * when `signal` aborted first (or had already). Timers are all it uses, so it runs in Node and in
 * a browser alike.
 * The abort listener is removed when the time runs out, so a loop that waits again and again on
 * one long-lived signal (a reader polling for its topic all lesson) does not pile up listeners.
 */
export function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
