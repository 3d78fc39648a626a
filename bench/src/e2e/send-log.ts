/**
 * The teacher's side of a run: one record per frame message sent (its offset, and when it was
 * captured and handed to Kafka), and a Broadcaster decorator that writes those records around
 * the real classcast Broadcaster. The records are also the script that the replays follow.
 */
import type { Broadcaster, OutgoingFrame } from '@classcast/kafka';
import { epochMs } from '../clock.js';

export interface SendRecord {
  offset: number;
  kind: OutgoingFrame['kind'];
  /** The frame's payload: the same bytes go out again in the replays. */
  frame: OutgoingFrame;
  capturedAt: number;
  sendStartAt: number;
  sendEndAt: number;
}

/** Records every key and delta frame `inner` sends; `captureTimeOf` gives the precise capture time. */
export function recordingBroadcaster(inner: Broadcaster, log: SendRecord[], captureTimeOf: (captureTime: number) => number): Broadcaster {
  return {
    get topic() {
      return inner.topic;
    },
    get nextSequence() {
      return inner.nextSequence;
    },
    start: () => inner.start(),
    async send(frame) {
      const sendStartAt = epochMs();
      const result = await inner.send(frame);
      log.push({ offset: Number(result.offset), kind: frame.kind, frame, capturedAt: captureTimeOf(frame.captureTime), sendStartAt, sendEndAt: epochMs() });
      return result;
    },
    heartbeat: (captureTime) => inner.heartbeat(captureTime),
    end: () => inner.end(),
    stop: () => inner.stop(),
  };
}
