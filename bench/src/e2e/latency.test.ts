import type { OutgoingFrame } from '@classcast/kafka';
import { describe, expect, it } from 'vitest';
import { latencySamples, summarizeLatency } from './latency.js';
import type { SendRecord } from './send-log.js';

function send(offset: number, at: number, kind: 'key' | 'delta' = 'delta'): SendRecord {
  return { offset, kind, frame: { kind } as OutgoingFrame, capturedAt: at - 5, sendStartAt: at, sendEndAt: at + 2 };
}

describe('latency', () => {
  const sends = [send(0, 0, 'key'), send(1, 1000), send(2, 3000, 'key'), send(3, 3100)];

  it('joins receipts to sends by offset and leaves the warm-up out', () => {
    const samples = latencySamples(
      sends,
      [
        [
          [0, 10, 10],
          [2, 3010, 3030],
          [3, 3120, 3125],
        ],
      ],
      2000,
    );
    expect(samples.frames).toBe(2);
    expect(samples.delivery).toEqual([10, 20]);
    expect(samples.captureToComposed).toEqual([35, 30]);
    expect(samples.captureToComposedByKind.key).toEqual([35]);
    expect(samples.sendAck).toEqual([2, 2]);
  });

  it('pools segments and counts what never arrived', () => {
    const first = latencySamples(sends, [[[2, 3010, 3010]], []], 2000);
    const second = latencySamples(
      sends,
      [
        [
          [2, 3020, 3020],
          [3, 3110, 3110],
        ],
      ],
      2000,
    );
    const figures = summarizeLatency([first, second]);
    expect(figures).toMatchObject({ students: 2, frames: 4, expected: 6, missing: 3 });
    expect(figures.delivery.max).toBe(20);
  });
});
