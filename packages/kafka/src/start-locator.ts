/**
 * Where a live viewer starts reading each partition, and the small state machine that gets it
 * there: read the newest message; if it is not a keyframe, look up the keyframe it builds on in
 * Kafka's time index and seek back; replay up to the newest message as "catch-up"; then follow.
 *
 *   locating ──newest is a keyframe──────────────────────────▶ following
 *      │ newest builds on an older keyframe: seek to it
 *      ▼
 *   catching-up ──reached the offset that was newest──────────▶ following
 */
import type { Admin } from 'kafkajs';
import type { Frame } from '@classcast/protocol';

export type PlaceStep = 'deliver' | 'catch-up' | 'seeked';

export interface StartLocator {
  /** Points the consumer at the chosen start offsets (call once the group is joined). */
  seekToStart(): void;
  /** Decides what to do with a frame read from `partition` at `offset`. */
  place(partition: number, offset: string, frame: Frame): Promise<PlaceStep>;
}

interface PartitionPlan {
  phase: 'locating' | 'catching-up' | 'following';
  startOffset: string;
  /** The newest offset at join time: catch-up ends there. */
  newestOffset: bigint;
}

export interface StartLocatorOptions {
  admin: Admin;
  topic: string;
  /** The topic appeared while we waited: start at its first frame instead. */
  fromFirstFrame: boolean;
  seek(target: { topic: string; partition: number; offset: string }): void;
}

export async function createStartLocator(options: StartLocatorOptions): Promise<StartLocator> {
  const { admin, topic } = options;
  const plans = new Map<number, PartitionPlan>();
  for (const { partition, low, high } of await fetchOffsetsOfNewTopic(admin, topic)) {
    const empty = BigInt(high) <= BigInt(low);
    if (options.fromFirstFrame || empty) {
      plans.set(partition, { phase: 'following', startOffset: options.fromFirstFrame ? low : high, newestOffset: -1n });
    } else {
      const newest = BigInt(high) - 1n;
      plans.set(partition, { phase: 'locating', startOffset: String(newest), newestOffset: newest });
    }
  }

  return {
    seekToStart() {
      for (const [partition, plan] of plans) options.seek({ topic, partition, offset: plan.startOffset });
    },
    async place(partition, offset, frame) {
      const plan = plans.get(partition);
      if (!plan || plan.phase === 'following') return 'deliver';
      const at = BigInt(offset);
      if (plan.phase === 'locating') {
        if (frame.kind !== 'key') {
          const keyOffset = await keyframeOffset(admin, topic, partition, frame.keyCaptureTime);
          if (keyOffset !== undefined && keyOffset < at) {
            plan.phase = 'catching-up';
            options.seek({ topic, partition, offset: String(keyOffset) });
            return 'seeked';
          }
        }
        plan.phase = 'following';
        return 'deliver';
      }
      // catching-up
      if (at >= plan.newestOffset) {
        plan.phase = 'following';
        return 'deliver';
      }
      return 'catch-up';
    },
  };
}

/** The offset of the first message captured at or after `captureTime` (the keyframe), per the time index. */
async function keyframeOffset(admin: Admin, topic: string, partition: number, captureTime: number): Promise<bigint | undefined> {
  const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, captureTime);
  const found = offsets.find((entry) => entry.partition === partition);
  // -1 (or the high watermark) means no message at or after that time: retention removed it.
  if (!found || BigInt(found.offset) < 0n) return undefined;
  return BigInt(found.offset);
}

/** A topic created a moment ago may not be known to every broker yet: retry briefly. */
async function fetchOffsetsOfNewTopic(admin: Admin, topic: string): Promise<Array<{ partition: number; low: string; high: string }>> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
