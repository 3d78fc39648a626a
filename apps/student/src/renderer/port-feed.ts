/**
 * A FrameFeed over the feed port that main hands the page when it joins a class (see
 * shared/ipc-channels.ts). Frames arrive as ArrayBuffers in the gateway's frame layout and are
 * validated with the same decoder as the web student's (a delta's container, parsed there, goes
 * along to the compositor); each is acked once the viewer has it, which is main's cue to send
 * the next. A refused join becomes the feed's 'error' event.
 */
import { FrameFormatError, readGatewayFrame } from '@classcast/protocol';
import { createFeedHub, frameEvent, type FrameFeed } from '@classcast/ui';
import { FEED_PORT_MESSAGE, type FeedMessage, type FeedPortHandOff, type FeedReply, type JoinRequest, type StudentApi } from '../shared/ipc-channels.js';

export interface PortFeedOptions {
  api: StudentApi;
  /** The class, the name and, when main asks for logins, the password (passed on to main, kept nowhere here). */
  join: JoinRequest;
  /** Where the preload posts the port; the page's window by default. */
  target?: Window;
}

export function createPortFeed({ api, join, target = window }: PortFeedOptions): FrameFeed {
  const hub = createFeedHub('connecting');
  const arrived = new Map<number, MessagePort>();
  let wanted: number | undefined;
  let port: MessagePort | undefined;
  let closed = false;
  let unreadable = 0;
  let skippedByMain = 0;

  function onWindowMessage(event: MessageEvent): void {
    const data = event.data as Partial<FeedPortHandOff> | null;
    // Only the preload, posting to this very window, hands over ports.
    if (event.source !== target || data?.type !== FEED_PORT_MESSAGE || typeof data.feedId !== 'number' || !event.ports[0]) return;
    arrived.set(data.feedId, event.ports[0]);
    adopt();
  }

  function adopt(): void {
    const found = wanted === undefined ? undefined : arrived.get(wanted);
    if (!found || port) return;
    target.removeEventListener('message', onWindowMessage);
    for (const [id, other] of arrived) if (id !== wanted) other.close();
    port = found;
    port.onmessage = (event: MessageEvent<FeedMessage>) => receive(event.data);
  }

  function receive(message: FeedMessage): void {
    if (closed) return;
    if (message.type !== 'frame') {
      if (message.type === 'skipped') skippedByMain = message.total;
      hub.emit(message.type === 'skipped' ? { ...message, total: skippedByMain + unreadable } : message);
      return;
    }
    try {
      hub.emit(frameEvent(readGatewayFrame(new Uint8Array(message.bytes)), message.catchingUp));
    } catch (error) {
      if (!(error instanceof FrameFormatError)) throw error;
      unreadable += 1;
      hub.emit({ type: 'skipped', total: skippedByMain + unreadable, reason: error.message, code: error.code });
    } finally {
      const ack: FeedReply = { type: 'ack' };
      port?.postMessage(ack);
    }
  }

  target.addEventListener('message', onWindowMessage);
  api.join(join).then(
    (result) => {
      if (closed) return;
      if (!result.ok) return hub.emit({ type: 'error', code: result.code, message: result.message });
      wanted = result.feedId;
      adopt();
    },
    (error: unknown) => hub.emit({ type: 'error', code: 'CC_JOIN_FAILED', message: error instanceof Error ? error.message : String(error) }),
  );

  return {
    subscribe: hub.subscribe,
    control(message) {
      // A refused move (the renderer sent nonsense) changes nothing: the timeline stays as main last said.
      api.control(message).catch(() => undefined);
    },
    close() {
      if (closed) return;
      closed = true;
      hub.clear();
      target.removeEventListener('message', onWindowMessage);
      port?.close();
      for (const other of arrived.values()) other.close();
      void api.leave();
    },
  };
}
