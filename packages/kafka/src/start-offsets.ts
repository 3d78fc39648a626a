/**
 * Where a subscription begins reading, per partition, before the keyframe locator takes over:
 * the newest message (live), the first one (a lesson that began while we waited), the offsets a
 * user asked for, or the first message captured at or after a wall-clock time (the time index).
 */
import type { Admin } from 'kafkajs';
import { retryRetriable } from './retry.js';

export type StartPosition = 'live' | 'committed' | { offsets: Record<number, string> } | { time: number };

export type PartitionOffset = { partition: number; offset: string };
export type PartitionEnds = Array<{ partition: number; low: string; high: string }>;

/** undefined: keep the group's committed offsets. `knownEnds`: the topic's offsets, when the caller just fetched them. */
export async function resolveStartOffsets(
  admin: Admin,
  topic: string,
  start: StartPosition,
  topicIsNew: boolean,
  knownEnds?: PartitionEnds,
): Promise<PartitionOffset[] | undefined> {
  if (start === 'committed') return undefined;
  const ends = knownEnds ?? (await retryRetriable(() => admin.fetchTopicOffsets(topic)));
  if (start === 'live') {
    // Live = the newest message, so the current screen shows at once; a lesson that began
    // while we waited for its topic is shown from its first frame.
    return ends.map(({ partition, low, high }) => ({ partition, offset: topicIsNew || BigInt(high) <= BigInt(low) ? low : String(BigInt(high) - 1n) }));
  }
  if ('time' in start) {
    const found = await admin.fetchTopicOffsetsByTimestamp(topic, start.time);
    return found.map(({ partition, offset }) => ({
      partition,
      offset: BigInt(offset) < 0n ? (ends.find((e) => e.partition === partition)?.high ?? offset) : offset,
    }));
  }
  // Partitions not asked for start at their end: nothing old is read from them.
  return ends.map(({ partition, low, high }) => {
    const asked = start.offsets[partition];
    if (asked === undefined) return { partition, offset: high };
    // An offset before the oldest kept message starts at the oldest (retention removed the rest).
    return { partition, offset: BigInt(asked) < BigInt(low) ? low : asked };
  });
}
