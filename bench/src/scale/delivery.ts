/**
 * What a class of students got of the pictures captured in the measured window: capture →
 * delivered latency, each student's share of the pictures sent (and so its frame rate), and the
 * students who got none. Pure: the runs gather the numbers, this turns them into figures.
 */
import type { SendRecord } from '../e2e/send-log.js';
import type { Receipt } from '../e2e/student-messages.js';
import { percentile, summarize, type Summary } from '../stats.js';

/** Per student, the pictures of the window it received; pooled, their capture → delivered ms. */
export interface Deliveries {
  framesInWindow: number[];
  latencyMs: number[];
}

export interface DeliveryFigures {
  students: number;
  /** Pictures (key and delta frames) captured in the window: what each student should get. */
  picturesSent: number;
  windowSeconds: number;
  latencyMs: Summary;
  /** Pictures per second each student received: the lowest, the 1st percentile and the median. */
  fps: { min: number; p1: number; p50: number };
  /** The content's own picture rate: a student that misses nothing runs at it. */
  sentFps: number;
  /** The lowest share of the sent pictures any student received, 0..1. */
  minShare: number;
  studentsWithoutFrame: number;
}

export function deliveryFigures({ framesInWindow, latencyMs }: Deliveries, picturesSent: number, windowSeconds: number): DeliveryFigures {
  const fps = framesInWindow.map((frames) => frames / windowSeconds).sort((a, b) => a - b);
  return {
    students: framesInWindow.length,
    picturesSent,
    windowSeconds,
    latencyMs: summarize(latencyMs),
    fps: { min: fps[0] ?? Number.NaN, p1: percentile(fps, 1), p50: percentile(fps, 50) },
    sentFps: picturesSent / windowSeconds,
    minShare: picturesSent > 0 ? Math.min(...framesInWindow) / picturesSent : Number.NaN,
    studentsWithoutFrame: framesInWindow.filter((frames) => frames === 0).length,
  };
}

/** The pictures (key and delta frames) the teacher captured within [from, to]. */
export function picturesCaptured(log: readonly SendRecord[], from: number, to: number): SendRecord[] {
  return log.filter((send) => (send.kind === 'key' || send.kind === 'delta') && send.capturedAt >= from && send.capturedAt <= to);
}

/** Kafka students' receipts (by offset) joined to what was sent, for the pictures captured in the window. */
export function kafkaDeliveries(window: readonly SendRecord[], receipts: readonly Receipt[][]): Deliveries {
  const captured = new Map(window.map((send) => [send.offset, send.capturedAt]));
  const latencyMs: number[] = [];
  const framesInWindow = receipts.map((student) => {
    let frames = 0;
    for (const [offset, receivedAt] of student) {
      const capturedAt = captured.get(offset);
      if (capturedAt === undefined) continue;
      frames += 1;
      latencyMs.push(receivedAt - capturedAt);
    }
    return frames;
  });
  return { framesInWindow, latencyMs };
}
