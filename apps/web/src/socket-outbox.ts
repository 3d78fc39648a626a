/**
 * The gateway's back-pressure for one browser: @classcast/stream's FeedOutbox, told that room
 * is bytes under the socket limit. Frames go to the socket only while its bufferedAmount is
 * under `maxBufferedBytes`; pictures wait in the outbox while their bytes fit under it too.
 * Memory per client stays under 2 × limit + 2 frames: the socket's buffer (under the limit plus
 * the frame that crossed it) and the pending frames (keyframes and deltas up to the limit).
 */
import { createFeedOutbox } from '@classcast/stream';
import type { GatewayFrame } from '@classcast/protocol';

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

export interface SocketOutbox {
  /** `bytes`: the frame already encoded, the same buffer for every socket of the class. */
  push(frame: GatewayFrame, bytes?: Uint8Array): void;
  readonly stats: Readonly<OutboxStats>;
  /** Forgets every pending frame (the student moved in the lesson, or the socket closed). */
  clear(): void;
}

export interface SocketOutboxOptions {
  socket: OutboxSocket;
  maxBufferedBytes: number;
  onBehindChange?(behind: boolean): void;
}

export function createSocketOutbox({ socket, maxBufferedBytes, onBehindChange }: SocketOutboxOptions): SocketOutbox {
  let peakBufferedBytes = 0;
  const outbox = createFeedOutbox({
    canSend: () => socket.bufferedAmount < maxBufferedBytes,
    canWait: (waiting, bytes) => waiting.items === 0 || waiting.bytes + bytes <= maxBufferedBytes,
    sendFrame: (bytes) => {
      socket.send(bytes, () => outbox.pump());
      peakBufferedBytes = Math.max(peakBufferedBytes, socket.bufferedAmount);
    },
    ...(onBehindChange ? { onBehindChange } : {}),
  });
  return {
    push: (frame, bytes) => outbox.push(frame, bytes),
    clear: () => outbox.discardFrames(),
    get stats() {
      const { sent, dropped, pending, pendingBytes, behind } = outbox.stats;
      return { sent, dropped, pendingFrames: pending, pendingBytes, peakBufferedBytes, behind };
    },
  };
}
