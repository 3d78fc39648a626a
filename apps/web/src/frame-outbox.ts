/**
 * The gateway's back-pressure for one browser: frames go to the socket only while its
 * bufferedAmount is under a limit; the rest wait here, coalesced, so a slow or stalled client
 * costs bounded memory and, once it reads again, sees the newest screen instead of a backlog
 * (the PictureBacklog rule of @classcast/protocol, with room counted in bytes under the limit).
 * Memory per client stays under 2 × limit + 2 frames: the socket's buffer (under the limit plus
 * the frame that crossed it) and the pending frames (keyframes and deltas up to the limit).
 * Frames are encoded when they enter the outbox, into buffers of their own, so a pending frame
 * never pins a large Kafka fetch buffer.
 */
import { createPictureBacklog, encodeGatewayFrame, type FrameKind, type GatewayFrame } from '@classcast/protocol';

/** What the outbox needs of a socket (ws's WebSocket fits). */
export interface OutboxSocket {
  readonly bufferedAmount: number;
  /** `done` runs once the bytes have left the process (or failed to). */
  send(data: Uint8Array, done: (error?: Error) => void): void;
}

export interface OutboxStats {
  /** Frames handed to the socket. */
  sent: number;
  /** Keyframes and deltas never sent because newer frames made them useless. */
  dropped: number;
  pendingFrames: number;
  pendingBytes: number;
  /** The largest bufferedAmount seen right after a send. */
  peakBufferedBytes: number;
  /** Frames were dropped and the client has not caught up since. */
  behind: boolean;
}

export interface FrameOutbox {
  push(frame: GatewayFrame): void;
  readonly stats: Readonly<OutboxStats>;
  /** Forgets every pending frame (the socket closed). */
  clear(): void;
}

export interface FrameOutboxOptions {
  socket: OutboxSocket;
  maxBufferedBytes: number;
  onBehindChange?(behind: boolean): void;
}

interface Pending {
  kind: FrameKind;
  refresh: boolean;
  bytes: Uint8Array;
}

export function createFrameOutbox({ socket, maxBufferedBytes, onBehindChange }: FrameOutboxOptions): FrameOutbox {
  const backlog = createPictureBacklog<Pending>({
    describe: ({ kind, refresh, bytes }) => ({ kind, refresh, bytes: bytes.length }),
    hasRoom: (waiting, bytes) => waiting.items === 0 || waiting.bytes + bytes <= maxBufferedBytes,
  });
  let sent = 0;
  let peakBufferedBytes = 0;
  let behind = false;

  const congested = () => socket.bufferedAmount >= maxBufferedBytes;

  function setBehind(next: boolean): void {
    if (behind === next) return;
    behind = next;
    onBehindChange?.(next);
  }

  function pump(): void {
    for (let next = congested() ? undefined : backlog.shift(); next; next = congested() ? undefined : backlog.shift()) {
      sent += 1;
      socket.send(next.bytes, pump);
      peakBufferedBytes = Math.max(peakBufferedBytes, socket.bufferedAmount);
    }
    if (backlog.waiting.items === 0 && !congested() && !backlog.skippingDeltas) setBehind(false);
  }

  return {
    get stats() {
      const { items, bytes } = backlog.waiting;
      return { sent, dropped: backlog.dropped, pendingFrames: items, pendingBytes: bytes, peakBufferedBytes, behind };
    },
    push(frame) {
      const droppedBefore = backlog.dropped;
      backlog.push({ kind: frame.kind, refresh: frame.refreshOf !== undefined, bytes: encodeGatewayFrame(frame) });
      if (backlog.dropped > droppedBefore) setBehind(true);
      pump();
    },
    clear() {
      backlog.discard();
    },
  };
}
