import { expect, test } from 'vitest';
import { leastSquaresSlope, memoryTrend } from './memory-trend.js';

test('a steady process is flat, a leaking one is not', () => {
  const steady = Array.from({ length: 60 }, (_, i) => ({ t: i * 30, mb: 120 + (i % 3) }));
  const leaking = steady.map((p) => ({ t: p.t, mb: 120 + p.t / 30 }));
  expect(memoryTrend(steady, 300).flat).toBe(true);
  const leak = memoryTrend(leaking, 300);
  expect(leak.flat).toBe(false);
  expect(leak.slopeMbPer10Min).toBeCloseTo(20, 5);
  expect(leak.lastMeanMb - leak.firstMeanMb).toBeCloseTo(49, 5); // 125 over t 0..300 s, 174 over t 1470..1770 s
});

test('the slope is least squares in MB per second', () => {
  expect(
    leastSquaresSlope([
      { t: 0, mb: 1 },
      { t: 10, mb: 2 },
      { t: 20, mb: 3 },
    ]),
  ).toBeCloseTo(0.1, 10);
  expect(leastSquaresSlope([{ t: 5, mb: 1 }])).toBe(0);
});

test('start-up growth in the warm-up is left out; a leak after it is still caught', () => {
  const startingUp = Array.from({ length: 60 }, (_, i) => ({ t: i * 30, mb: i < 2 ? 60 + i * 60 : 200 + (i % 3) }));
  expect(memoryTrend(startingUp, 300).flat).toBe(false); // read whole, start-up looks like growth
  expect(memoryTrend(startingUp, 300, 60).flat).toBe(true);
  const leakingAfter = startingUp.map((p) => ({ t: p.t, mb: p.t < 60 ? p.mb : 200 + p.t / 30 }));
  expect(memoryTrend(leakingAfter, 300, 60).flat).toBe(false);
});
