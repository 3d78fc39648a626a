/**
 * The rule every queue between Kafka and the screen shares (@classcast/stream's FeedOutbox, for
 * the gateway's socket and the desktop app's feed port; the viewer's decode queue): when whoever reads the queue is slower
 * than the lesson, drop what newer frames make useless, so the student sees the newest screen
 * instead of a backlog, in bounded memory.
 *   - A keyframe makes every waiting picture useless (it paints the same screen, newer) and ends
 *     a skip.
 *   - A refresh keyframe (cc.refresh) behind an unbroken chain, with room, waits behind the deltas
 *     it repeats: the viewer then keeps its picture and skips the decode.
 *   - A delta waits while there is room. Deltas are never dropped one by one (each builds on the
 *     one before): one that does not fit is dropped with the waiting deltas, and later deltas are
 *     skipped until the next keyframe repaints all. A waiting keyframe still repaints.
 *     Whatever drops a waiting delta (breakChain, discard) skips the deltas after it the same way,
 *     so a delta — a small one of copies only (a scroll) too — is never drawn without the one before.
 *   - A heartbeat replaces a waiting heartbeat; an end frame and anything that is not a frame
 *     (a status message, an announcement) always wait.
 * What "room" means is the queue owner's: bytes under a socket limit, a number of deltas, a
 * number of jobs.
 */
import type { FrameKind } from './frame.js';

/** What the backlog needs to know of one queued item. Not a frame: `kind` undefined. */
export interface BacklogItemInfo {
  kind: FrameKind | undefined;
  /** A refresh keyframe (it repeats the picture of the frames before it). */
  refresh: boolean;
  /** Its size, for owners whose room is counted in bytes. */
  bytes: number;
}

export interface BacklogWaiting {
  items: number;
  deltas: number;
  bytes: number;
}

export interface PictureBacklogOptions<T> {
  describe(item: T): BacklogItemInfo;
  /** Whether one more picture of `bytes` fits behind what waits. */
  hasRoom(waiting: Readonly<BacklogWaiting>, bytes: number): boolean;
  /** Skip deltas until the first keyframe (a viewer that has drawn nothing yet). Default false. */
  awaitFirstKey?: boolean;
}

export interface PictureBacklog<T> {
  /** Queues `item` under the rule; false when it was dropped at once. */
  push(item: T): boolean;
  peek(): T | undefined;
  shift(): T | undefined;
  readonly waiting: Readonly<BacklogWaiting>;
  /** Keyframes and deltas dropped so far, because newer frames made them useless. */
  readonly dropped: number;
  /** A delta was lost: deltas are skipped until the next keyframe. */
  readonly skippingDeltas: boolean;
  /** The picture on screen is gone (a failed decode): waiting deltas are useless, a waiting keyframe is not. */
  breakChain(): void;
  /** Drops waiting items that match (all by default), counting the pictures among them. */
  discard(which?: (item: T) => boolean): void;
}

export function createPictureBacklog<T>(options: PictureBacklogOptions<T>): PictureBacklog<T> {
  let items: Array<{ item: T; info: BacklogItemInfo }> = [];
  const waiting: BacklogWaiting = { items: 0, deltas: 0, bytes: 0 };
  let dropped = 0;
  let skippingDeltas = options.awaitFirstKey ?? false;

  const isPicture = (kind: FrameKind | undefined) => kind === 'key' || kind === 'delta';

  function keepOnly(keep: (entry: { item: T; info: BacklogItemInfo }, index: number) => boolean): void {
    const kept = items.filter(keep);
    dropped += items.filter((entry, index) => !keep(entry, index) && isPicture(entry.info.kind)).length;
    setItems(kept);
  }

  function setItems(next: Array<{ item: T; info: BacklogItemInfo }>): void {
    items = next;
    waiting.items = next.length;
    waiting.deltas = next.filter((entry) => entry.info.kind === 'delta').length;
    waiting.bytes = next.reduce((sum, entry) => sum + entry.info.bytes, 0);
  }

  /** Whether an item of this kind may wait; drops what it makes useless. */
  function admit(info: BacklogItemInfo): boolean {
    switch (info.kind) {
      case 'key':
        if (info.refresh && !skippingDeltas && options.hasRoom(waiting, info.bytes)) return true;
        keepOnly((entry) => !isPicture(entry.info.kind));
        skippingDeltas = false;
        return true;
      case 'delta':
        if (!skippingDeltas && options.hasRoom(waiting, info.bytes)) return true;
        if (!skippingDeltas) keepOnly((entry) => entry.info.kind !== 'delta');
        dropped += 1;
        skippingDeltas = true;
        return false;
      case 'heartbeat':
        keepOnly((entry) => entry.info.kind !== 'heartbeat');
        return true;
      default:
        return true;
    }
  }

  return {
    push(item) {
      const info = options.describe(item);
      if (!admit(info)) return false;
      setItems([...items, { item, info }]);
      return true;
    },
    peek: () => items[0]?.item,
    shift() {
      const [first, ...rest] = items;
      if (!first) return undefined;
      setItems(rest);
      return first.item;
    },
    waiting,
    get dropped() {
      return dropped;
    },
    get skippingDeltas() {
      return skippingDeltas;
    },
    breakChain() {
      // Deltas before a waiting keyframe (a refresh) built on the lost picture; those after it build on the keyframe.
      const key = items.findIndex((entry) => entry.info.kind === 'key');
      keepOnly((entry, index) => entry.info.kind !== 'delta' || (key !== -1 && index > key));
      if (key === -1) skippingDeltas = true;
    },
    discard(which = () => true) {
      const deltas = waiting.deltas;
      keepOnly((entry) => !which(entry.item));
      // A delta gone from the middle of a chain: the ones after it would paint onto a gap.
      if (waiting.deltas < deltas) skippingDeltas = true;
    },
  };
}
