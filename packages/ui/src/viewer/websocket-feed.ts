/**
 * A FrameFeed over the web gateway's WebSocket (wire format: @classcast/protocol
 * gateway-messages for text, gateway-frame for binary frames). Joins on every (re)connect; when the socket drops it says 'reconnecting'
 * and tries again with exponential backoff, forever, until close() — a student whose Wi-Fi
 * blinked should not have to reload the page. A refused join (a fatal 'error' message) is final;
 * an error with `fatal: false` refused one request (a bad seek, too many of them) and the stream goes on.
 * A message of a type this viewer does not know (a newer gateway's) is ignored with one console
 * line per type: never a skipped count, a banner or a disconnect.
 */
import {
  isFatalError,
  parseServerMessage,
  readGatewayFrame,
  unknownServerMessageType,
  type ClasscastError,
  type GatewayJoin,
  type GatewayTimeline,
} from '@classcast/protocol';
import { createFeedHub, frameEvent, type FrameFeed } from './frame-feed.js';
import { backoffDelay, type BackoffOptions } from './reconnect-backoff.js';

export interface WebSocketFeedOptions {
  /** ws:// or wss:// address of the gateway's socket, e.g. gatewaySocketUrl(location). */
  url: string;
  classId: string;
  student: string;
  /** The student's Kafka password, on a class server with password logins: sent in every (re)join, kept in memory only. */
  password?: string;
  /** The school sign-in's ID token, on a class server with school sign-in: sent in every (re)join. */
  token?: string;
  backoff?: BackoffOptions;
  /** How to open a socket; the browser's WebSocket by default (tests pass the `ws` package's). */
  createSocket?: (url: string) => WebSocket;
}

export interface WebSocketFeed extends FrameFeed {
  /** Connections opened so far (1 + reconnects). */
  readonly connections: number;
}

/** The gateway socket on the server that served this page. */
export function gatewaySocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

/** WebSocket.OPEN, spelled out: Node 20 has no global WebSocket to read it from. */
const OPEN = 1;

export function createWebSocketFeed(options: WebSocketFeedOptions): WebSocketFeed {
  const hub = createFeedHub('connecting');
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  // The class in the address too: a load balancer can then keep a class on one gateway, which
  // reads it once for all its students there (docs/DEPLOY.md). The join still says which class.
  const url = new URL(options.url);
  url.searchParams.set('class', options.classId);
  // This viewer draws the teacher's marks (annotation-layer.tsx): the gateway sends them.
  const join: GatewayJoin = { type: 'join', classId: options.classId, student: options.student, annotations: true };
  if (options.password !== undefined) join.password = options.password;
  if (options.token !== undefined) join.token = options.token;
  let socket: WebSocket | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failedAttempts = 0;
  let connections = 0;
  let stopped = false;
  let lastTimeline: GatewayTimeline | undefined;
  const ignoredTypes = new Set<string>();

  function connect(): void {
    connections += 1;
    const current = createSocket(url.href);
    socket = current;
    current.binaryType = 'arraybuffer';
    current.onopen = () => current.send(JSON.stringify(rejoin()));
    current.onmessage = (event: MessageEvent) => {
      if (socket === current && !stopped) receive(event.data);
    };
    current.onclose = () => {
      if (socket !== current || stopped) return;
      socket = undefined;
      hub.emit({ type: 'status', status: 'reconnecting', detail: 'lost the connection to the class server' });
      retryTimer = setTimeout(connect, backoffDelay(failedAttempts, options.backoff));
      failedAttempts += 1;
    };
    // An error is always followed by close, which does the retrying.
    current.onerror = () => undefined;
  }

  /**
   * The join, with where the student was when it was away from live: a reconnect, to this
   * gateway or another behind the school's load balancer, goes on from there.
   */
  function rejoin(): GatewayJoin {
    if (lastTimeline === undefined || lastTimeline.mode === 'live' || lastTimeline.at === undefined) return join;
    return { ...join, resume: { at: lastTimeline.at, speed: lastTimeline.mode === 'paused' ? 0 : lastTimeline.speed } };
  }

  function receive(data: unknown): void {
    try {
      if (typeof data === 'string') {
        const message = parseServerMessage(data);
        if (message.type === 'timeline') lastTimeline = message;
        // The gateway answered: the connection works, so the next loss starts the backoff afresh.
        failedAttempts = 0;
        hub.emit(message);
        if (message.type === 'error' && isFatalError(message)) stop();
      } else if (data instanceof ArrayBuffer) {
        hub.emit(frameEvent(readGatewayFrame(new Uint8Array(data))));
      }
    } catch (error) {
      const unknown = typeof data === 'string' ? unknownServerMessageType(data) : undefined;
      if (unknown !== undefined) return ignore(unknown);
      hub.unreadable((error as ClasscastError).message, (error as ClasscastError).code);
    }
  }

  function ignore(type: string): void {
    if (ignoredTypes.has(type)) return;
    ignoredTypes.add(type);
    console.info(`classcast: ignoring the class server's "${type}" messages, which this viewer does not know (a newer classcast)`);
  }

  function stop(): void {
    stopped = true;
    clearTimeout(retryTimer);
    socket?.close(1000, 'left the class');
    socket = undefined;
  }

  connect();
  return {
    get connections() {
      return connections;
    },
    subscribe: hub.subscribe,
    control(message) {
      // While reconnecting there is no one to tell; the student is live again once back.
      if (socket?.readyState === OPEN) socket.send(JSON.stringify(message));
    },
    close() {
      stop();
      hub.clear();
    },
  };
}
