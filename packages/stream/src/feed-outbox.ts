/**
 * The back-pressure between a StudentFeed and one viewer, for both transports: the web gateway's
 * socket and the desktop app's feed port. Frames go to the transport only while it has room;
 * the rest wait here, coalesced by the PictureBacklog rule of @classcast/protocol, so a slow or
 * stalled viewer costs bounded memory and, once it reads again, sees the newest screen instead of
 * a backlog. The transport says what "room" is:
 *   canSend: may one more frame go now (the gateway: the socket's bufferedAmount under its limit;
 *            the desktop: fewer than N frames the renderer has not acked);
 *   canWait: may one more picture wait here (the gateway: bytes under the limit; the desktop: a
 *            number of deltas);
 * and calls pump() when room comes back (the socket drained a send, the renderer acked).
 * Frames are encoded when they enter (or come encoded, one buffer for every viewer of a class:
 * encodedFrameOf), into buffers of their own, so a waiting frame never pins a large Kafka fetch
 * buffer. Messages given to message() keep their place among the frames; a
 * status, skipped or error message replaces a waiting one of its type, announcements all go
 * through (each notice is news).
 */
import { createPictureBacklog, encodeGatewayFrame, type BacklogWaiting, type GatewayFrame, type GatewayServerMessage } from '@classcast/protocol';
import type { ReceivedFrame } from '@classcast/kafka';

export interface FeedOutboxOptions {
  /** Room in the transport for one more frame now. */
  canSend(): boolean;
  /** Room here for one more picture of `bytes`, beside what waits (PictureBacklog's hasRoom). */
  canWait(waiting: Readonly<BacklogWaiting>, bytes: number): boolean;
  /** Hands one encoded frame to the transport. */
  sendFrame(bytes: Uint8Array, frame: GatewayFrame): void;
  /** Hands one message to the transport (only those given to message()). */
  sendMessage?(message: GatewayServerMessage): void;
  /** Frames were dropped and the viewer has not caught up since (or it has). */
  onBehindChange?(behind: boolean): void;
}

export interface FeedOutboxStats {
  /** Frames handed to the transport. */
  sent: number;
  /** Keyframes and deltas never sent because newer frames made them useless. */
  dropped: number;
  /** Frames and messages waiting. */
  pending: number;
  pendingBytes: number;
  behind: boolean;
}

export interface FeedOutbox {
  /** A frame for the viewer; `bytes` when it is already encoded (encodedFrameOf), shared with other viewers. */
  push(frame: GatewayFrame, bytes?: Uint8Array): void;
  /** A message for the viewer, in its place among the frames. */
  message(message: GatewayServerMessage): void;
  /** The transport has room again: send what waits. */
  pump(): void;
  /** Drops the frames still waiting (the student moved in the lesson, or left); messages stay. */
  discardFrames(): void;
  readonly stats: Readonly<FeedOutboxStats>;
}

type Pending = { frame: GatewayFrame; bytes: Uint8Array } | { message: GatewayServerMessage };

/** What a transport sends of a frame read from Kafka. */
export function gatewayFrameOf({ frame, partition, offset, catchingUp }: ReceivedFrame): GatewayFrame {
  return { ...frame, partition, offset, ...(catchingUp ? { catchingUp } : {}) };
}

const encoded = new WeakMap<ReceivedFrame, { frame: GatewayFrame; bytes: Uint8Array }>();

/**
 * A frame and its bytes for the viewer, encoded once per ReceivedFrame: the gateway's class
 * reader hands the same object to every student of the class, so every socket sends the same
 * buffer (fan-out), and it lives as long as the frame is held.
 */
export function encodedFrameOf(received: ReceivedFrame): { frame: GatewayFrame; bytes: Uint8Array } {
  let found = encoded.get(received);
  if (found === undefined) {
    const frame = gatewayFrameOf(received);
    found = { frame, bytes: encodeGatewayFrame(frame) };
    encoded.set(received, found);
  }
  return found;
}

export function createFeedOutbox(options: FeedOutboxOptions): FeedOutbox {
  const backlog = createPictureBacklog<Pending>({
    describe: (entry) =>
      'frame' in entry
        ? { kind: entry.frame.kind, refresh: entry.frame.refreshOf !== undefined, bytes: entry.bytes.length }
        : { kind: undefined, refresh: false, bytes: 0 },
    hasRoom: options.canWait,
  });
  let sent = 0;
  let behind = false;

  function setBehind(next: boolean): void {
    if (behind === next) return;
    behind = next;
    options.onBehindChange?.(next);
  }

  function pump(): void {
    for (let head = backlog.peek(); head; head = backlog.peek()) {
      if ('frame' in head && !options.canSend()) break;
      backlog.shift();
      if ('message' in head) {
        options.sendMessage?.(head.message);
        continue;
      }
      sent += 1;
      options.sendFrame(head.bytes, head.frame);
    }
    if (backlog.waiting.items === 0 && options.canSend() && !backlog.skippingDeltas) setBehind(false);
  }

  return {
    push(frame, bytes = encodeGatewayFrame(frame)) {
      const droppedBefore = backlog.dropped;
      backlog.push({ frame, bytes });
      if (backlog.dropped > droppedBefore) setBehind(true);
      pump();
    },
    message(message) {
      if (message.type !== 'announcement') backlog.discard((entry) => 'message' in entry && entry.message.type === message.type);
      backlog.push({ message });
      pump();
    },
    pump,
    discardFrames() {
      backlog.discard((entry) => 'frame' in entry);
    },
    get stats() {
      return { sent, dropped: backlog.dropped, pending: backlog.waiting.items, pendingBytes: backlog.waiting.bytes, behind };
    },
  };
}
