/**
 * FrameFeed: what a Viewer reads, whatever carries the frames — the gateway's WebSocket in a
 * browser, a MessagePort from the Electron main process in the desktop app. A feed delivers
 * decoded frames and the gateway's server messages (status, skipped, error) as one ordered
 * stream of events; `createFeedHub` is the small listener list both transports share.
 */
import type { DecodedFrame, Frame, GatewayControl, GatewayFrame, GatewayServerMessage, DeltaContainer, ViewerStatus } from '@classcast/protocol';

export interface FeedFrameEvent {
  type: 'frame';
  frame: Frame;
  /** A delta's container as the transport parsed it: handed to the compositor, not parsed again. */
  container?: DeltaContainer;
  /** Replayed on joining only to rebuild the current picture: compose it, paint at the next live frame. */
  catchingUp: boolean;
}

/**
 * The event for a frame read off a transport (readGatewayFrame): the frame without its Kafka
 * place, and the parsed container of a delta passed along. `catchingUp` as the transport says.
 */
export function frameEvent({ frame, container }: DecodedFrame<GatewayFrame>, catchingUp = frame.catchingUp === true): FeedFrameEvent {
  const { partition: _partition, offset: _offset, catchingUp: _catchingUp, ...plain } = frame;
  return container ? { type: 'frame', frame: plain, container, catchingUp } : { type: 'frame', frame: plain, catchingUp };
}

/**
 * status  the stream's state as the transport sees it (the viewer adds 'behind' from latency)
 * skipped total messages so far that were not frames (corrupt or foreign), with the latest reason
 * error   the join failed for good (bad name, name already watching…): the feed has stopped
 * timeline the lesson so far and where the student is in it (feeds that can move in it)
 * announcement a notice for the class (shown over the picture; a reconnect may repeat recent ones)
 * picture-limit the class's picture-size limit, before the first frame (the viewer's compositor takes it)
 */
export type FeedEvent = FeedFrameEvent | GatewayServerMessage;

export type FeedListener = (event: FeedEvent) => void;

export interface FrameFeed {
  /**
   * Starts delivering events to `listener`, beginning with the feed's current status; returns
   * the function that stops it. Several listeners may subscribe at once.
   */
  subscribe(listener: FeedListener): () => void;
  /** Leaves the class: no more events, the transport is released. */
  close(): void;
  /** Moves in the lesson (seek, speed, live); absent when the transport cannot (no timeline shown). */
  control?(message: GatewayControl): void;
}

export interface FeedHub {
  /**
   * For the transport: hand an event to every listener (a status and a picture limit are also remembered). A
   * 'skipped' total from the far side gets the messages counted by `unreadable` added to it.
   */
  emit(event: FeedEvent): void;
  /** For the transport: a message that could not be read here (counted into 'skipped'); `code` is its error's. */
  unreadable(reason: string, code?: string): void;
  readonly status: ViewerStatus;
  subscribe: FrameFeed['subscribe'];
  /** Drops every listener. */
  clear(): void;
}

export function createFeedHub(initial: ViewerStatus = 'connecting'): FeedHub {
  const listeners = new Set<FeedListener>();
  let status: GatewayServerMessage & { type: 'status' } = { type: 'status', status: initial };
  let pictureLimit: (GatewayServerMessage & { type: 'picture-limit' }) | undefined;
  let remoteSkipped = 0;
  let unreadable = 0;
  const deliver = (event: FeedEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  return {
    get status() {
      return status.status;
    },
    emit(event) {
      if (event.type === 'status') status = event;
      if (event.type === 'picture-limit') pictureLimit = event;
      if (event.type === 'skipped') {
        remoteSkipped = event.total;
        return deliver({ ...event, total: remoteSkipped + unreadable });
      }
      deliver(event);
    },
    unreadable(reason, code) {
      unreadable += 1;
      deliver({ type: 'skipped', total: remoteSkipped + unreadable, reason, ...(code === undefined ? {} : { code }) });
    },
    subscribe(listener) {
      // Each listener gets its own wrapper, so subscribing the same function twice is two subscriptions.
      const wrapped: FeedListener = (event) => listener(event);
      listeners.add(wrapped);
      // A viewer mounted after the feed started (or re-mounted by React) still learns the state and the limit.
      listener(status);
      if (pictureLimit) listener(pictureLimit);
      return () => listeners.delete(wrapped);
    },
    clear() {
      listeners.clear();
    },
  };
}
