import { describe, expect, it } from 'vitest';
import { atLeast, atMost, verdictLine } from './targets.js';

describe('targets', () => {
  it('passes a figure on the right side of its threshold', () => {
    expect(atLeast('bytes', 25, 20, '× fewer')).toMatchObject({ pass: true, measured: '25.0× fewer', missedBy: '' });
    expect(atMost('p99', 150, 150, ' ms').pass).toBe(true);
  });

  it('says by how much a miss misses', () => {
    expect(atLeast('fps', 24, 30, ' fps')).toMatchObject({ pass: false, missedBy: '20% short' });
    const late = atMost('p99', 180, 150, ' ms');
    expect(late.missedBy).toBe('20% over');
    expect(verdictLine(late)).toBe('MISS  p99: 180 ms (20% over)');
    expect(atMost('ratio', 1.253, 1.25, '×').missedBy).toBe('0.2% over');
  });
});
