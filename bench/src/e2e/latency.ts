/**
 * Joins what the teacher sent with what each student received, by offset, into latencies:
 * send → received (delivery through Kafka and the client library) and capture → composed (the
 * whole path a student's picture takes). The first seconds are a warm-up and left out.
 */
import { summarize, summarizeGroups, type Summary } from '../stats.js';
import type { SendRecord } from './send-log.js';
import type { Receipt } from './student-messages.js';

export interface LatencyFigures {
  students: number;
  /** Frames sent after the warm-up. */
  frames: number;
  /** Receipts expected (frames × students) and missing by the end of the run. */
  expected: number;
  missing: number;
  delivery: Summary;
  captureToComposed: Summary;
  /** capture → composed of keyframes and of deltas apart: where the tail comes from. */
  captureToComposedByKind: Partial<Record<'key' | 'delta', Summary>>;
}

export function latencyFigures(sends: readonly SendRecord[], receipts: readonly Receipt[][], warmUpMs: number): LatencyFigures {
  const firstSend = sends[0]?.sendStartAt ?? 0;
  const counted = new Map(sends.filter((send) => send.sendStartAt - firstSend >= warmUpMs).map((send) => [send.offset, send]));
  const delivery: number[] = [];
  const composed: number[] = [];
  const composedByKind: Record<'key' | 'delta', number[]> = { key: [], delta: [] };
  for (const student of receipts) {
    for (const [offset, receivedAt, composedAt] of student) {
      const send = counted.get(offset);
      if (!send) continue;
      delivery.push(receivedAt - send.sendStartAt);
      composed.push(composedAt - send.capturedAt);
      if (send.kind === 'key' || send.kind === 'delta') composedByKind[send.kind].push(composedAt - send.capturedAt);
    }
  }
  const expected = counted.size * receipts.length;
  return {
    students: receipts.length,
    frames: counted.size,
    expected,
    missing: expected - delivery.length,
    delivery: summarize(delivery),
    captureToComposed: summarize(composed),
    captureToComposedByKind: summarizeGroups(composedByKind),
  };
}
