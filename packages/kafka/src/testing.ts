/**
 * `@classcast/kafka/testing`: fixtures for integration tests against a real broker, for this package
 * and the ones built on it (like `@classcast/protocol/testing`: public, but only tests import it).
 */
import { randomUUID } from 'node:crypto';
import type { OutgoingFrame } from './broadcaster.js';
import { TINY_JPEG } from '@classcast/protocol/testing';

export function uniqueClassId(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/** A keyframe whose value is a real JPEG followed by `extraBytes` of filler (viewers ignore bytes after EOI). */
export function testKeyFrame(sequence: number, extraBytes = 64): OutgoingFrame {
  const payload = Buffer.alloc(TINY_JPEG.length + extraBytes);
  payload.set(TINY_JPEG);
  for (let i = TINY_JPEG.length; i < payload.length; i += 1) payload[i] = (i * 31 + sequence) & 0xff;
  const now = Date.now();
  return { kind: 'key', codec: 'jpeg', width: 1, height: 1, sequence, captureTime: now, keySequence: sequence, keyCaptureTime: now, payload };
}
