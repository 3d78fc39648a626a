/**
 * The gateway's back-pressure for one browser: frames go to the socket only while its
 * bufferedAmount is under a limit; the rest wait here, coalesced, so a slow or stalled client
 * costs bounded memory and, once it reads again, sees the newest screen instead of a backlog:
 *   - a keyframe supersedes everything pending (at most one keyframe ever waits);
 *   - deltas wait behind it while they fit in the limit; one that does not fit is dropped with
 *     the pending deltas, and later deltas are skipped until the next keyframe repaints all;
 *   - a heartbeat replaces a pending heartbeat; an end frame always goes through.
 * Memory per client stays under 2 × limit + 2 frames: the socket's buffer (under the limit plus
 * the frame that crossed it) and the pending frames (one keyframe plus deltas up to the limit).
 * Frames are encoded when they enter the outbox, into buffers of their own, so a pending frame
 * never pins a large Kafka fetch buffer.
 */
import { encodeGatewayFrame, type FrameKind, type GatewayFrame } from '@classcast/protocol';

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
  bytes: Uint8Array;
}

export function createFrameOutbox({ socket, maxBufferedBytes, onBehindChange }: FrameOutboxOptions): FrameOutbox {
  let pending: Pending[] = [];
  /** A delta was lost: the deltas after it are useless until the next keyframe. */
  let awaitKey = false;
  const stats: OutboxStats = { sent: 0, dropped: 0, pendingFrames: 0, pendingBytes: 0, peakBufferedBytes: 0, behind: false };

  const congested = () => socket.bufferedAmount >= maxBufferedBytes;
  const isPicture = (kind: FrameKind) => kind === 'key' || kind === 'delta';

  function keep(shouldKeep: (entry: Pending) => boolean): void {
    const kept = pending.filter(shouldKeep);
    stats.dropped += pending.filter((entry) => !shouldKeep(entry) && isPicture(entry.kind)).length;
    setPending(kept);
  }

  function setPending(entries: Pending[]): void {
    pending = entries;
    stats.pendingFrames = entries.length;
    stats.pendingBytes = entries.reduce((sum, entry) => sum + entry.bytes.length, 0);
  }

  function setBehind(behind: boolean): void {
    if (stats.behind === behind) return;
    stats.behind = behind;
    onBehindChange?.(behind);
  }

  function pump(): void {
    while (pending.length > 0 && !congested()) {
      const [next, ...rest] = pending as [Pending, ...Pending[]];
      setPending(rest);
      stats.sent += 1;
      socket.send(next.bytes, pump);
      stats.peakBufferedBytes = Math.max(stats.peakBufferedBytes, socket.bufferedAmount);
    }
    if (pending.length === 0 && !congested() && !awaitKey) setBehind(false);
  }

  /** Whether `frame` may wait in the outbox; drops what it makes useless. */
  function admit(frame: GatewayFrame, size: number): boolean {
    switch (frame.kind) {
      case 'key':
        // A refresh repeats the picture of the frames before it: behind an unbroken chain with
        // room to spare it is cheaper for the browser to get them all and skip the refresh.
        if (frame.refreshOf !== undefined && !awaitKey && stats.pendingBytes + size <= maxBufferedBytes) return true;
        keep((entry) => !isPicture(entry.kind));
        awaitKey = false;
        return true;
      case 'delta':
        if (!awaitKey && (pending.length === 0 || stats.pendingBytes + size <= maxBufferedBytes)) return true;
        // Lost: this delta, and with it every pending delta (the pending keyframe still repaints).
        keep((entry) => entry.kind !== 'delta');
        stats.dropped += 1;
        awaitKey = true;
        setBehind(true);
        return false;
      case 'heartbeat':
        keep((entry) => entry.kind !== 'heartbeat');
        return true;
      case 'end':
        return true;
    }
  }

  return {
    stats,
    push(frame) {
      const bytes = encodeGatewayFrame(frame);
      const droppedBefore = stats.dropped;
      if (!admit(frame, bytes.length)) return;
      if (stats.dropped > droppedBefore) setBehind(true);
      setPending([...pending, { kind: frame.kind, bytes }]);
      pump();
    },
    clear() {
      setPending([]);
    },
  };
}
