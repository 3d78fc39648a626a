/**
 * The bridge from a Subscription to the renderer's feed port, with back-pressure. The renderer
 * acks each frame; at most `maxInFlight` frames are unacked, and what arrives meanwhile waits
 * here, coalesced so a slow renderer costs a bounded amount of memory and sees the newest screen:
 *   - a keyframe supersedes every frame still pending (they only led up to it), except a refresh
 *     keyframe behind an unbroken chain (it repeats their picture; the renderer skips its decode);
 *   - deltas queue behind their keyframe (each builds on the one before); past MAX_PENDING_DELTAS
 *     they are dropped and later deltas skipped until the next keyframe, which repaints all;
 *   - a heartbeat replaces a pending heartbeat; status, skipped and error messages replace one of
 *     their own type; 'end' and announcements always go through (each notice is news).
 * Frames are encoded only when posted, so a dropped frame costs nothing. Electron-free: main
 * gives it a `post` function; tests give it an array.
 */
import { encodeGatewayFrame, type GatewayServerMessage } from '@classcast/protocol';
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
  let pending: Pending[] = [];
  let skipDeltas = false;
  let posted = 0;
  let dropped = 0;
  let inFlight = 0;

  const isPicture = (entry: Pending) => 'frame' in entry && (entry.frame.frame.kind === 'key' || entry.frame.frame.kind === 'delta');
  function drop(shouldDrop: (entry: Pending) => boolean): void {
    const kept = pending.filter((entry) => !shouldDrop(entry));
    dropped += pending.filter((entry) => shouldDrop(entry) && isPicture(entry)).length;
    pending = kept;
  }
  const ofKind = (kind: string) => (entry: Pending) => 'frame' in entry && entry.frame.frame.kind === kind;

  function pump(): void {
    while (pending.length > 0) {
      const head = pending[0]!;
      if ('frame' in head && inFlight >= maxInFlight) return;
      pending.shift();
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
      const kind = received.frame.kind;
      // A refresh repeats the frames before it: behind an unbroken chain the renderer keeps it undecoded.
      const cheapRefresh = kind === 'key' && received.frame.refreshOf !== undefined && !skipDeltas;
      if (kind === 'key' && !cheapRefresh) {
        drop((entry) => 'frame' in entry);
        skipDeltas = false;
      } else if (kind === 'delta') {
        if (skipDeltas) {
          dropped += 1;
          return;
        }
        if (pending.filter(ofKind('delta')).length >= MAX_PENDING_DELTAS) {
          drop(ofKind('delta'));
          dropped += 1;
          skipDeltas = true;
          return;
        }
      } else if (kind === 'heartbeat') {
        drop(ofKind('heartbeat'));
      }
      pending.push({ frame: received });
      pump();
    },
    message(message) {
      if (message.type !== 'announcement') drop((entry) => 'message' in entry && entry.message.type === message.type);
      pending.push({ message });
      pump();
    },
    ack() {
      inFlight = Math.max(0, inFlight - 1);
      pump();
    },
    discardFrames() {
      drop((entry) => 'frame' in entry);
      skipDeltas = false;
    },
    get stats() {
      return { posted, dropped, inFlight, pending: pending.length };
    },
  };
}
