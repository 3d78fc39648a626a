/**
 * `@classcast/kafka/testing`: fixtures for integration tests against a real broker, for this package
 * and the ones built on it (like `@classcast/protocol/testing`: public, but only tests import it).
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { Broadcaster, OutgoingFrame } from './broadcaster.js';
import { TINY_JPEG } from '@classcast/protocol/testing';

export function uniqueClassId(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/** A real JPEG followed by filler up to `bytes` (viewers ignore bytes after EOI); `seed` varies the filler. */
export function paddedJpeg(bytes: number, seed = 0): Uint8Array {
  const payload = new Uint8Array(Math.max(bytes, TINY_JPEG.length));
  payload.set(TINY_JPEG);
  for (let i = TINY_JPEG.length; i < payload.length; i += 1) payload[i] = (i * 31 + seed) & 0xff;
  return payload;
}

/** A 1x1 keyframe captured now, whose value is a real JPEG followed by `extraBytes` of filler. */
export function testKeyFrame(sequence: number, extraBytes = 64): OutgoingFrame {
  const now = Date.now();
  // A Buffer, as kafkajs hands payloads back, so a test can compare what it sent with what came back.
  const payload = Buffer.from(paddedJpeg(TINY_JPEG.length + extraBytes, sequence));
  return { kind: 'key', codec: 'jpeg', width: 1, height: 1, sequence, captureTime: now, keySequence: sequence, keyCaptureTime: now, payload };
}

/** Sends the broadcaster's next frame as a test keyframe of `bytes` in all (at least the bare JPEG). */
export function sendTestKeyFrame(broadcaster: Broadcaster, bytes = 0): ReturnType<Broadcaster['send']> {
  return broadcaster.send(testKeyFrame(broadcaster.nextSequence, Math.max(0, bytes - TINY_JPEG.length)));
}

export interface PartitionState {
  /** The leader's node id (-1 while there is none). */
  leader: number;
  isr: number[];
}

/**
 * A partition's leader and in-sync replicas as the nodes at `brokers` see them, asked of those
 * nodes only (never through a hung or dead one) and in about a second: undefined when none answers.
 */
export async function partitionStateSeenBy(brokers: string[], topic: string, partition = 0): Promise<PartitionState | undefined> {
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING, connectionTimeout: 1000, requestTimeout: 1000, retry: { retries: 0 } });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const found = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.find((p) => p.partitionId === partition);
    return found && { leader: found.leader, isr: [...found.isr].sort((a, b) => a - b) };
  } catch {
    return undefined;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
