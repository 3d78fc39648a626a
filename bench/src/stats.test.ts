import { describe, expect, it } from 'vitest';
import { percentile, summarize, summarizeGroups } from './stats.js';

describe('stats', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes unsorted samples', () => {
    expect(summarize([3, 1, 2])).toEqual({ count: 3, mean: 2, p50: 2, p95: 3, p99: 3, max: 3 });
    expect(summarize([]).mean).toBeNaN();
  });

  it('leaves out empty groups', () => {
    expect(Object.keys(summarizeGroups({ key: [], delta: [1, 2] }))).toEqual(['delta']);
  });
});
