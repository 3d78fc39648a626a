import { expect, test, vi } from 'vitest';
import { pollUntil } from './poll-until.js';

test('asks until the probe answers, and returns the answer', async () => {
  const asks: number[] = [];
  const answer = await pollUntil((asked) => (asks.push(asked), asked === 3 && { at: asked }), { intervalMs: 1, timeoutMs: 5_000 });
  expect(answer).toEqual({ at: 3 });
  expect(asks).toEqual([0, 1, 2, 3]);
});

test('gives undefined once the time runs out, after a last ask at the deadline', async () => {
  // Fake clocks: on a loaded CI machine the first ask alone can outlast a real 50 ms deadline.
  vi.useFakeTimers();
  try {
    let asks = 0;
    const polling = pollUntil(async () => ((asks += 1), false), { intervalMs: 1_000, timeoutMs: 50 });
    await vi.advanceTimersByTimeAsync(49);
    expect(asks).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await polling).toBeUndefined();
    expect(asks).toBe(2);
  } finally {
    vi.useRealTimers();
  }
});

test('an abort ends the wait between asks', async () => {
  const controller = new AbortController();
  const polling = pollUntil(() => undefined, { intervalMs: 60_000, signal: controller.signal });
  controller.abort();
  expect(await polling).toBeUndefined();
});

test('a growing interval is asked for by the number of asks so far', async () => {
  const intervals: number[] = [];
  await pollUntil((asked) => asked === 3, { intervalMs: (asked) => (intervals.push(asked), 1) });
  expect(intervals).toEqual([1, 2, 3]);
});
