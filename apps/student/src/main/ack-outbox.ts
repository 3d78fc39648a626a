/**
 * The desktop app's back-pressure between a StudentFeed and the renderer's feed port:
 * @classcast/stream's FeedOutbox, told that room is acks. The renderer acks each frame; at most
 * `maxInFlight` frames are unacked, and at most MAX_PENDING_DELTAS deltas wait here. Status,
 * skipped, error, timeline and announcement messages keep their place among the frames.
 * Electron-free: main gives it a `post` function; tests give it an array.
 */
import { createFeedOutbox, gatewayFrameOf } from '@classcast/stream';
import type { ReceivedFrame } from '@classcast/kafka';
import type { GatewayServerMessage } from '@classcast/protocol';
import type { FeedMessage } from '../shared/ipc-channels.js';

export const DEFAULT_MAX_IN_FLIGHT = 2;
/** About 10 s of deltas at 30 fps: beyond that a keyframe is the cheaper way to catch up. */
export const MAX_PENDING_DELTAS = 300;

export interface AckOutboxOptions {
  post(message: FeedMessage): void;
  maxInFlight?: number;
}

export interface AckOutboxStats {
  /** Frames posted to the renderer. */
  posted: number;
  /** Keyframes and deltas never posted because newer frames made them useless. */
  dropped: number;
  /** Posted frames the renderer has not acked yet. */
  inFlight: number;
  /** Messages waiting for the renderer to catch up. */
  pending: number;
}

export interface AckOutbox {
  frame(received: ReceivedFrame): void;
  /** A status, skipped, error, timeline or announcement message for the viewer. */
  message(message: GatewayServerMessage): void;
  /** The renderer has taken one frame. */
  ack(): void;
  /** Drops the frames still waiting (the student moved elsewhere in the lesson); messages stay. */
  discardFrames(): void;
  readonly stats: Readonly<AckOutboxStats>;
}

export function createAckOutbox({ post, maxInFlight = DEFAULT_MAX_IN_FLIGHT }: AckOutboxOptions): AckOutbox {
  let inFlight = 0;
  const outbox = createFeedOutbox({
    canSend: () => inFlight < maxInFlight,
    canWait: (waiting) => waiting.deltas < MAX_PENDING_DELTAS,
    // The bytes are the frame's own buffer (structured clone copies a typed array's whole backing
    // buffer, and kafkajs payloads are views into megabyte fetch buffers).
    sendFrame: (bytes, frame) => {
      inFlight += 1;
      post({ type: 'frame', bytes: bytes.buffer as ArrayBuffer, catchingUp: frame.catchingUp === true });
    },
    sendMessage: post,
  });
  return {
    frame: (received) => outbox.push(gatewayFrameOf(received)),
    message: (message) => outbox.message(message),
    ack() {
      inFlight = Math.max(0, inFlight - 1);
      outbox.pump();
    },
    discardFrames: () => outbox.discardFrames(),
    get stats() {
      const { sent, dropped, pending } = outbox.stats;
      return { posted: sent, dropped, inFlight, pending };
    },
  };
}
