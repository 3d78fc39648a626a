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
 * Only Kafka's own signals say the stream broke, never what a message says about itself (any
 * producer can write a frame whose sequence is far ahead, or whose times are 1970 or 9999): the
 * class topic deleted and created again makes the consumer start the new log over (offsets go
 * back without a seek of ours), and the subscription's deleted-topic watch calls forget(). Either
 * sends `following` back to locating. A delta on a keyframe this viewer never saw is not a signal:
 * the compositor refuses it and the next keyframe (a refresh comes every 10 s) shows the picture.
 *
 * Locating trusts a frame's keyframe claim (cc.kseq, cc.kts) only as far as Kafka confirms it: the
 * message the time index finds must carry that capture time, no other keyframe of the stream may
 * come first, and the keyframe may lie at most MAX_CATCH_UP_MESSAGES back. Otherwise reading
 * goes on where it began, so a forged claim costs one fetch, never a replay from offset 0.
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

/** Keyframes come at least every 10 s (refreshes): even at 60 fps that is 600 messages back, well under this. */
export const MAX_CATCH_UP_MESSAGES = 5000n;

type PartitionPhase =
  | { phase: 'catching-up'; until: bigint; key: { streamId: string; sequence: number; captureTime: number }; first: boolean; found: boolean }
  | { phase: 'following' };

export function createKeyframeLocator(options: {
  admin: Admin;
  topic: string;
  seek(target: { topic: string; partition: number; offset: string }): void;
  /** The stream broke under us (see above); the frame is located again. */
  onBrokenStream?(partition: number, frame: Frame): void;
}): KeyframeLocator {
  const { admin, topic } = options;
  const phases = new Map<number, PartitionPhase>();
  /** Per partition: the offset of the last message read, unless we seeked since. */
  const lastOffsets = new Map<number, bigint>();
  function seek(partition: number, offset: bigint): void {
    lastOffsets.delete(partition);
    options.seek({ topic, partition, offset: String(offset) });
  }
  /** Kafka gave us an offset at or before one already read, and we did not seek: a new log. */
  function logRestarted(partition: number, at: bigint): boolean {
    const last = lastOffsets.get(partition);
    lastOffsets.set(partition, at);
    return last !== undefined && at <= last;
  }
  return {
    forget(partition) {
      phases.delete(partition);
      lastOffsets.delete(partition);
    },
    async place(partition, offset, frame) {
      const at = BigInt(offset);
      if (logRestarted(partition, at)) {
        phases.delete(partition);
        options.onBrokenStream?.(partition, frame);
      }
      const state = phases.get(partition);
      if (state?.phase === 'following') return 'deliver';
      if (state?.phase === 'catching-up') {
        const { key } = state;
        if (frame.streamId === key.streamId && !state.found) {
          // The time index lands on the keyframe, or on the delta a refresh repeats (same capture
          // time); anything else there, or another keyframe before the one sought, means the
          // claim was false: go on where reading began.
          const claimFalse = state.first
            ? frame.captureTime !== key.captureTime || frame.sequence > key.sequence
            : frame.sequence > key.sequence || (frame.kind === 'key' && frame.sequence !== key.sequence);
          if (claimFalse) {
            phases.set(partition, { phase: 'following' });
            seek(partition, state.until);
            return 'pass';
          }
          state.first = false;
          state.found = frame.sequence === key.sequence;
        }
        // A refresh keyframe has the capture time of the delta it repeats, so the time index
        // finds that delta first: a frame before the keyframe sought is not part of the chain.
        if (frame.streamId === key.streamId && frame.sequence < key.sequence) return 'pass';
        if (at < state.until) return 'catch-up';
        phases.set(partition, { phase: 'following' });
        return 'deliver';
      }
      // locating: the first frame read from this partition
      if (frame.kind !== 'key') {
        const keyOffset = await keyframeOffset(admin, topic, partition, frame.keyCaptureTime);
        if (keyOffset !== undefined && keyOffset < at && at - keyOffset <= MAX_CATCH_UP_MESSAGES) {
          const key = { streamId: frame.streamId, sequence: frame.keySequence, captureTime: frame.keyCaptureTime };
          phases.set(partition, { phase: 'catching-up', until: at, key, first: true, found: false });
          seek(partition, keyOffset);
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
