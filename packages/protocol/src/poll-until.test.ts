import { expect, test } from 'vitest';
import { pollUntil } from './poll-until.js';

test('asks until the probe answers, and returns the answer', async () => {
  const asks: number[] = [];
  const answer = await pollUntil((asked) => (asks.push(asked), asked === 3 && { at: asked }), { intervalMs: 1, timeoutMs: 5_000 });
  expect(answer).toEqual({ at: 3 });
  expect(asks).toEqual([0, 1, 2, 3]);
});

test('gives undefined once the time runs out, after a last ask at the deadline', async () => {
  let asks = 0;
  const started = Date.now();
  expect(await pollUntil(async () => ((asks += 1), false), { intervalMs: 1_000, timeoutMs: 50 })).toBeUndefined();
  expect(asks).toBe(2);
  expect(Date.now() - started).toBeLessThan(900);
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
