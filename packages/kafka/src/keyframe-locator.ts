/**
 * Makes any start position show a whole picture. The first frame read from a partition may be a
 * delta or a heartbeat (a student joining live, a replay seeking to a time, a recorder resuming
 * from its committed offset); its keyframe is found with Kafka's time index (message timestamp =
 * capture time) and the partition is replayed from there up to where reading began, marked as
 * catch-up, so a compositor can rebuild the picture without painting each step.
 *
 *   locating ──first frame is a keyframe (or its keyframe is gone)──▶ following
 *      │ first frame builds on an older keyframe: seek back to it
 *      ▼
 *   catching-up ──reached the offset where reading began──────────────▶ following
 *
 * The class topic deleted and created again under a running consumer breaks the stream in one
 * of two ways, and either sends `following` back to locating: reading goes on at an offset of
 * the new log with a frame that builds on a keyframe this partition never gave us (looked for
 * once per keyframe: one that cannot be read must not loop the seek), or the consumer starts the
 * new log over at offset 0 and offsets go back while sequence numbers go on.
 */
import type { Admin } from 'kafkajs';
import type { Frame } from '@classcast/protocol';

/** 'pass': not for the reader (it seeked back from this frame, or the frame comes before the keyframe sought). */
export type PlaceStep = 'deliver' | 'catch-up' | 'pass';

export interface KeyframeLocator {
  /** Decides what to do with a frame read from `partition` at `offset`. */
  place(partition: number, offset: string, frame: Frame): Promise<PlaceStep>;
  /** Forget a partition (it was revoked or re-seeked): its next frame is located again. */
  forget(partition: number): void;
}

type PartitionPhase = { phase: 'catching-up'; until: bigint; key: { streamId: string; sequence: number } } | { phase: 'following' };

export function createKeyframeLocator(options: {
  admin: Admin;
  topic: string;
  seek(target: { topic: string; partition: number; offset: string }): void;
  /** The stream broke under us (see above); the frame is located again. */
  onBrokenStream?(partition: number, frame: Frame): void;
}): KeyframeLocator {
  const { admin, topic } = options;
  const phases = new Map<number, PartitionPhase>();
  /** Per partition and stream: the last frame read and keyframes already looked for once. */
  const streams = new Map<string, { keySequence: number; sequence: number; offset: bigint; soughtFor: Set<number> }>();
  function streamBroke(partition: number, at: bigint, frame: Frame): boolean {
    const id = `${partition}/${frame.streamId}`;
    const last = streams.get(id);
    const soughtFor = last?.soughtFor ?? new Set<number>();
    streams.set(id, { keySequence: frame.kind === 'key' ? frame.sequence : (last?.keySequence ?? -1), sequence: frame.sequence, offset: at, soughtFor });
    if (!last) return false;
    // Back in the log but on in the stream: a new log (a seek back or a re-read goes back in both).
    if (at < last.offset && frame.sequence > last.sequence) return true;
    if (frame.kind === 'key' || last.keySequence < 0 || frame.keySequence === last.keySequence || soughtFor.has(frame.keySequence)) return false;
    soughtFor.add(frame.keySequence);
    return true;
  }
  return {
    forget(partition) {
      phases.delete(partition);
    },
    async place(partition, offset, frame) {
      const at = BigInt(offset);
      if (streamBroke(partition, at, frame)) {
        phases.delete(partition);
        options.onBrokenStream?.(partition, frame);
      }
      const state = phases.get(partition);
      if (state?.phase === 'following') return 'deliver';
      if (state?.phase === 'catching-up') {
        // A refresh keyframe has the capture time of the delta it repeats, so the time index
        // finds that delta first: a frame before the keyframe sought is not part of the chain.
        if (frame.streamId === state.key.streamId && frame.sequence < state.key.sequence) return 'pass';
        if (at < state.until) return 'catch-up';
        phases.set(partition, { phase: 'following' });
        return 'deliver';
      }
      // locating: the first frame read from this partition
      if (frame.kind !== 'key') {
        const keyOffset = await keyframeOffset(admin, topic, partition, frame.keyCaptureTime);
        if (keyOffset !== undefined && keyOffset < at) {
          phases.set(partition, { phase: 'catching-up', until: at, key: { streamId: frame.streamId, sequence: frame.keySequence } });
          options.seek({ topic, partition, offset: String(keyOffset) });
          return 'pass';
        }
      }
      phases.set(partition, { phase: 'following' });
      return 'deliver';
    },
  };
}

/** The offset of the first message captured at or after `captureTime` (the keyframe), per the time index. */
async function keyframeOffset(admin: Admin, topic: string, partition: number, captureTime: number): Promise<bigint | undefined> {
  const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, captureTime);
  const found = offsets.find((entry) => entry.partition === partition);
  // -1 means no message at or after that time: retention removed the keyframe.
  if (!found || BigInt(found.offset) < 0n) return undefined;
  return BigInt(found.offset);
}
