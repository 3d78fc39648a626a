/**
 * "Share my screen" on the student web page: the browser captures (getDisplayMedia, its own
 * picker) and uploads the changed tiles (frame-uploader.ts) to the gateway's /share/ws, which runs
 * the share with the student's own login (share-socket-messages.ts is the contract). Capture
 * starts only once the teacher accepted; any end of the share (declined, taken back, stopped, a
 * failure, the socket lost, the student ending the capture from the browser's bar) lets go of
 * the screen and the socket.
 */
import { SHARE_SOCKET_PATH, type ShareSocketCommand, type ShareSocketReply } from '@classcast/protocol';
import { createFrameUploader } from '../teacher/frame-uploader.js';
import { startScreenGrabber, type ScreenGrabber } from '../teacher/screen-grabber.js';
import type { JoinRequest } from './join-request.js';
import type { ShareScreenApi, ShareScreenUpdate } from './share-screen-model.js';

export interface WebSocketShareScreenOptions {
  /** ws:// or wss:// address of /share/ws (shareSocketUrl). */
  url: string;
  mediaDevices: Pick<MediaDevices, 'getDisplayMedia'>;
  /** Pictures per second captured and sent; default 5, as `classcast share`. */
  fps?: number;
  /** Deflate the uploads; default true. */
  compress?: boolean;
}

/** The share socket's address on the gateway that served the page. */
export function shareSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SHARE_SOCKET_PATH}`;
}

const LOST = 'the connection to the class server was lost';

export function createWebSocketShareScreenApi(options: WebSocketShareScreenOptions): ShareScreenApi {
  const fps = options.fps ?? 5;
  const listeners = new Set<(update: ShareScreenUpdate) => void>();
  /** The share now: its socket, the captured screen, and the grabber once sharing. */
  let current: { socket: WebSocket; stream: MediaStream; grabber?: ScreenGrabber; taken: Array<(ok: boolean) => void> } | undefined;

  const emit = (update: ShareScreenUpdate) => {
    for (const listener of listeners) listener(update);
  };

  function end(share: NonNullable<typeof current>): void {
    if (current === share) current = undefined;
    share.grabber?.stop();
    for (const track of share.stream.getTracks()) track.stop();
    for (const done of share.taken.splice(0)) done(false);
    if (share.socket.readyState === WebSocket.OPEN || share.socket.readyState === WebSocket.CONNECTING) share.socket.close();
  }

  async function capture(share: NonNullable<typeof current>): Promise<void> {
    const uploader = createFrameUploader(options.compress ?? true);
    share.grabber = await startScreenGrabber({
      stream: share.stream,
      fps,
      async send(frame) {
        if (share.socket.readyState !== WebSocket.OPEN) return false;
        const upload = await uploader.encode(frame);
        const taken = new Promise<boolean>((resolve) => share.taken.push(resolve));
        share.socket.send(upload.bytes);
        const ok = await taken;
        if (!ok) uploader.reset();
        return ok;
      },
      // The student ended the capture from the browser's own "Stop sharing".
      onEnded: () => void stop(),
    });
  }

  function receive(share: NonNullable<typeof current>, reply: ShareSocketReply): void {
    if (reply.type === 'taken') return void share.taken.shift()?.(reply.ok);
    if (reply.type === 'error') {
      emit({ state: 'failed', message: reply.message });
      return end(share);
    }
    emit(reply.message === undefined ? { state: reply.state } : { state: reply.state, message: reply.message });
    if (reply.state === 'sharing') {
      capture(share).catch((error: unknown) => {
        emit({ state: 'failed', message: `could not capture your screen: ${error instanceof Error ? error.message : String(error)}` });
        void stop();
      });
    } else if (reply.state !== 'offered') end(share);
  }

  async function stop(): Promise<void> {
    const share = current;
    if (!share) return;
    // The gateway withdraws or ends the share and says so; the socket closes after its answer.
    if (share.socket.readyState === WebSocket.OPEN) share.socket.send(JSON.stringify({ type: 'stop' } satisfies ShareSocketCommand));
    else end(share);
  }

  return {
    async start(request: JoinRequest) {
      if (current) await stop();
      // Asked first, while the click still counts as the student's gesture.
      const stream = await options.mediaDevices.getDisplayMedia({ video: { frameRate: fps }, audio: false });
      const socket = new WebSocket(options.url);
      const share: NonNullable<typeof current> = { socket, stream, taken: [] };
      current = share;
      socket.onmessage = (event) => typeof event.data === 'string' && receive(share, JSON.parse(event.data) as ShareSocketReply);
      socket.onclose = () => {
        if (current === share) {
          emit({ state: 'failed', message: LOST });
          end(share);
        }
      };
      await new Promise<void>((resolve, reject) => {
        socket.onopen = () => resolve();
        socket.onerror = () => reject(new Error(`cannot reach the class server at ${options.url}`));
      }).catch((error: unknown) => {
        end(share);
        throw error;
      });
      const command: ShareSocketCommand = {
        type: 'share',
        classId: request.classId,
        student: request.student,
        ...(request.password === undefined ? {} : { password: request.password }),
        ...(request.token === undefined ? {} : { token: request.token }),
      };
      socket.send(JSON.stringify(command));
    },
    stop,
    onUpdate(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
