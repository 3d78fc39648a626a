/**
 * Joins what the teacher sent with what each student received, by offset, into latencies:
 * capture → send (encode), send → acked (the producer's round trip), send → received
 * (delivery through Kafka and the client library), received → composed (decode and draw) and
 * capture → composed (the whole path a student's picture takes). The first
 * seconds of each segment are a warm-up and left out; segments of one mode are pooled.
 */
import { summarize, summarizeGroups, type Summary } from '../stats.js';
import type { SendRecord } from './send-log.js';
import type { Receipt } from './student-messages.js';

export interface LatencySamples {
  students: number;
  frames: number;
  expected: number;
  received: number;
  /** capture → send: the teacher's encode (and wait for its turn). */
  captureToSend: number[];
  sendAck: number[];
  delivery: number[];
  /** received → composed: the student's decode and draw (and wait for its turn). */
  receivedToComposed: number[];
  captureToComposed: number[];
  captureToComposedByKind: Record<'key' | 'delta', number[]>;
}

export interface LatencyFigures {
  students: number;
  /** Frames sent after the warm-up. */
  frames: number;
  /** Receipts expected (frames × students) and missing by the end of the run. */
  expected: number;
  missing: number;
  captureToSend: Summary;
  sendAck: Summary;
  delivery: Summary;
  receivedToComposed: Summary;
  captureToComposed: Summary;
  /** capture → composed of keyframes and of deltas apart: where the tail comes from. */
  captureToComposedByKind: Partial<Record<'key' | 'delta', Summary>>;
}

export function latencySamples(sends: readonly SendRecord[], receipts: readonly Receipt[][], warmUpMs: number): LatencySamples {
  const firstSend = sends[0]?.sendStartAt ?? 0;
  const counted = new Map(sends.filter((send) => send.sendStartAt - firstSend >= warmUpMs).map((send) => [send.offset, send]));
  const samples: LatencySamples = {
    students: receipts.length,
    frames: counted.size,
    expected: counted.size * receipts.length,
    received: 0,
    captureToSend: [...counted.values()].map((send) => send.sendStartAt - send.capturedAt),
    sendAck: [...counted.values()].map((send) => send.sendEndAt - send.sendStartAt),
    delivery: [],
    receivedToComposed: [],
    captureToComposed: [],
    captureToComposedByKind: { key: [], delta: [] },
  };
  for (const student of receipts) {
    for (const [offset, receivedAt, composedAt] of student) {
      const send = counted.get(offset);
      if (!send) continue;
      samples.received += 1;
      samples.delivery.push(receivedAt - send.sendStartAt);
      samples.receivedToComposed.push(composedAt - receivedAt);
      samples.captureToComposed.push(composedAt - send.capturedAt);
      if (send.kind === 'key' || send.kind === 'delta') samples.captureToComposedByKind[send.kind].push(composedAt - send.capturedAt);
    }
  }
  return samples;
}

export function summarizeLatency(segments: readonly LatencySamples[]): LatencyFigures {
  const all = <T>(pick: (samples: LatencySamples) => T[]) => segments.flatMap(pick);
  const count = (pick: (samples: LatencySamples) => number) => segments.reduce((sum, samples) => sum + pick(samples), 0);
  const expected = count((samples) => samples.expected);
  return {
    students: Math.max(0, ...segments.map((samples) => samples.students)),
    frames: count((samples) => samples.frames),
    expected,
    missing: expected - count((samples) => samples.received),
    captureToSend: summarize(all((samples) => samples.captureToSend)),
    sendAck: summarize(all((samples) => samples.sendAck)),
    delivery: summarize(all((samples) => samples.delivery)),
    receivedToComposed: summarize(all((samples) => samples.receivedToComposed)),
    captureToComposed: summarize(all((samples) => samples.captureToComposed)),
    captureToComposedByKind: summarizeGroups({
      key: all((samples) => samples.captureToComposedByKind.key),
      delta: all((samples) => samples.captureToComposedByKind.delta),
    }),
  };
}
