/**
 * The bridge from a Subscription to the renderer's feed port, with back-pressure. The renderer
 * acks each frame; at most `maxInFlight` frames are unacked, and what arrives meanwhile waits
 * here, coalesced so a slow renderer costs a bounded amount of memory and sees the newest screen:
 * frames by the PictureBacklog rule of @classcast/protocol, with room for MAX_PENDING_DELTAS
 * deltas; status, skipped and error messages replace one of their own type; announcements
 * always go through (each notice is news).
 * Frames are encoded only when posted, so a dropped frame costs nothing. Electron-free: main
 * gives it a `post` function; tests give it an array.
 */
import { createPictureBacklog, encodeGatewayFrame, type GatewayServerMessage } from '@classcast/protocol';
import type { ReceivedFrame } from '@classcast/kafka';
import type { FeedMessage } from '../shared/ipc-channels.js';

export const DEFAULT_MAX_IN_FLIGHT = 2;
/** About 10 s of deltas at 30 fps: beyond that a keyframe is the cheaper way to catch up. */
export const MAX_PENDING_DELTAS = 300;

export interface FeedBridgeOptions {
  post(message: FeedMessage): void;
  maxInFlight?: number;
}

export interface FeedBridgeStats {
  /** Frames posted to the renderer. */
  posted: number;
  /** Keyframes and deltas never posted because newer frames made them useless. */
  dropped: number;
  /** Posted frames the renderer has not acked yet. */
  inFlight: number;
  /** Messages waiting for the renderer to catch up. */
  pending: number;
}

export interface FeedBridge {
  frame(received: ReceivedFrame): void;
  /** A status, skipped, error or announcement message for the viewer. */
  message(message: GatewayServerMessage): void;
  /** The renderer has taken one frame. */
  ack(): void;
  /** Drops the frames still waiting (the student moved elsewhere in the lesson); messages stay. */
  discardFrames(): void;
  readonly stats: Readonly<FeedBridgeStats>;
}

type Pending = { frame: ReceivedFrame } | { message: GatewayServerMessage };

export function createFeedBridge({ post, maxInFlight = DEFAULT_MAX_IN_FLIGHT }: FeedBridgeOptions): FeedBridge {
  const backlog = createPictureBacklog<Pending>({
    describe: (entry) => ('frame' in entry ? { kind: entry.frame.frame.kind, refresh: entry.frame.frame.refreshOf !== undefined, bytes: 0 } : { kind: undefined, refresh: false, bytes: 0 }),
    hasRoom: (waiting) => waiting.deltas < MAX_PENDING_DELTAS,
  });
  let posted = 0;
  let inFlight = 0;

  function pump(): void {
    for (let head = backlog.peek(); head; head = backlog.peek()) {
      if ('frame' in head && inFlight >= maxInFlight) return;
      backlog.shift();
      if ('message' in head) {
        post(head.message);
        continue;
      }
      inFlight += 1;
      posted += 1;
      const { frame, partition, offset, catchingUp } = head.frame;
      // Structured clone copies a typed array's whole backing buffer, and kafkajs payloads are views
      // into megabyte fetch buffers; encodeGatewayFrame copies the frame into a buffer of its own.
      const bytes = encodeGatewayFrame({ ...frame, partition, offset });
      post({ type: 'frame', bytes: bytes.buffer as ArrayBuffer, catchingUp });
    }
  }

  return {
    frame(received) {
      if (backlog.push({ frame: received })) pump();
    },
    message(message) {
      if (message.type !== 'announcement') backlog.discard((entry) => 'message' in entry && entry.message.type === message.type);
      backlog.push({ message });
      pump();
    },
    ack() {
      inFlight = Math.max(0, inFlight - 1);
      pump();
    },
    discardFrames() {
      backlog.discard((entry) => 'frame' in entry);
    },
    get stats() {
      return { posted, dropped: backlog.dropped, inFlight, pending: backlog.waiting.items };
    },
  };
}
