/**
 * The teacher console's TeacherApi: the gateway's /teach/ws socket where the Electron app has
 * IPC to its main process (teacher-messages.ts is the contract). Each captured picture travels as
 * its changed tiles (frame-uploader.ts).
 */
import {
  parseLoginMethod,
  TEACHER_LOGIN_METHOD_PATH,
  TEACHER_SOCKET_PATH,
  type Credentials,
  type LoginMethod,
  type TeacherCommand,
  type TeacherReply,
  type TeacherStatus,
} from '@classcast/protocol';
import type { AnnounceResult } from './announcement-form.js';
import { createFrameUploader } from './frame-uploader.js';
import type { BroadcastRequest, CapturedFrame, ShareStateResult, StartResult, TeacherApi } from './teacher-api.js';

export interface WebSocketTeacherApiOptions {
  /** ws:// or wss:// address of /teach/ws (teacherSocketUrl). */
  url: string;
  /** Deflate the uploads; default: unless the page came from this machine (localhost). */
  compress?: boolean;
  /** What the uploads cost, for the bench and the console's own figures. */
  onUpload?(upload: { bytes: number; changedPixels: number; totalPixels: number }): void;
}

/** The console's socket address on the gateway that served the page. */
export function teacherSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${TEACHER_SOCKET_PATH}`;
}

/** True for a page served from the teacher's own machine. */
export function isLocalPage(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname === '::1';
}

const LOST = 'the connection to the class server was lost: reload the page';

export function createWebSocketTeacherApi(options: WebSocketTeacherApiOptions): TeacherApi {
  const compress = options.compress ?? true;
  const listeners = new Set<(status: TeacherStatus) => void>();
  let socket: WebSocket | undefined;
  let opened: Promise<WebSocket> | undefined;
  let lastStatus: TeacherStatus | undefined;
  const uploader = createFrameUploader(compress);
  const waiting = { start: [] as Array<(result: StartResult) => void>, taken: [] as Array<(ok: boolean) => void> };
  const announcing = new Map<number, (result: AnnounceResult) => void>();
  const asking = new Map<number, (result: ShareStateResult) => void>();
  let nextId = 0;

  function connect(): Promise<WebSocket> {
    opened ??= new Promise<WebSocket>((resolve, reject) => {
      const next = new WebSocket(options.url);
      next.binaryType = 'arraybuffer';
      next.onopen = () => resolve(next);
      next.onerror = () => reject(new Error(`cannot reach the class server at ${options.url}`));
      next.onmessage = (event) => typeof event.data === 'string' && receive(JSON.parse(event.data) as TeacherReply);
      next.onclose = () => {
        opened = undefined;
        socket = undefined;
        uploader.reset();
        failAll();
      };
      socket = next;
    });
    return opened;
  }

  function receive(reply: TeacherReply): void {
    switch (reply.type) {
      case 'status':
        lastStatus = { state: reply.state, stats: reply.stats };
        for (const listener of listeners) listener(lastStatus);
        return;
      case 'started':
        return waiting.start.shift()?.({ ok: true });
      case 'start-failed':
        return waiting.start.shift()?.({ ok: false, code: reply.code, message: reply.message });
      case 'taken':
        if (!reply.ok) uploader.reset();
        return waiting.taken.shift()?.(reply.ok);
      case 'done': {
        const announced = announcing.get(reply.id);
        announcing.delete(reply.id);
        if (announced) return announced(reply.ok ? { ok: true } : { ok: false, message: reply.message });
        // Only a failure answers a share-state with "done": its success is a "share-state".
        const asked = asking.get(reply.id);
        asking.delete(reply.id);
        return asked?.(reply.ok ? { ok: false, message: 'the class server did not say who offers' } : { ok: false, message: reply.message });
      }
      case 'share-state': {
        const done = asking.get(reply.id);
        asking.delete(reply.id);
        return done?.({ ok: true, offers: reply.offers, ...(reply.holder === undefined ? {} : { holder: reply.holder }) });
      }
      case 'error':
        // A refused command: the panel shows it as the newest failure; the broadcast goes on.
        if (lastStatus) for (const listener of listeners) listener({ ...lastStatus, stats: { ...lastStatus.stats, lastError: reply.message } });
        return;
    }
  }

  /** The socket closed: whatever waits is told, and the panel shows why the broadcast stopped. */
  function failAll(): void {
    for (const done of waiting.start.splice(0)) done({ ok: false, code: 'CC_GATEWAY_UNREACHABLE', message: LOST });
    for (const done of waiting.taken.splice(0)) done(false);
    for (const done of [...announcing.values(), ...asking.values()]) done({ ok: false, message: LOST });
    announcing.clear();
    asking.clear();
    if (lastStatus && lastStatus.state !== 'idle' && lastStatus.state !== 'stopped') {
      lastStatus = { state: 'stopped', stats: { ...lastStatus.stats, fps: 0, lastError: LOST } };
      for (const listener of listeners) listener(lastStatus);
    }
  }

  async function command(message: TeacherCommand): Promise<void> {
    (await connect()).send(JSON.stringify(message));
  }

  /** A command sent with an id, answered by a reply with the same id (a "done", or a "share-state"). */
  async function withId<R>(
    waiting: Map<number, (result: R | { ok: false; message: string }) => void>,
    message: (id: number) => TeacherCommand,
  ): Promise<R | { ok: false; message: string }> {
    const id = nextId++;
    const result = new Promise<R | { ok: false; message: string }>((resolve) => waiting.set(id, resolve));
    try {
      await command(message(id));
    } catch (error) {
      waiting.delete(id);
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    return result;
  }
  const toClass = (message: (id: number) => TeacherCommand) => withId<AnnounceResult>(announcing, message);

  const login = (credentials?: Credentials) =>
    credentials === undefined
      ? {}
      : credentials.kind === 'token'
        ? { token: credentials.token }
        : { username: credentials.username, password: credentials.password };

  return {
    async loginMethod(): Promise<LoginMethod> {
      const response = await fetch(TEACHER_LOGIN_METHOD_PATH, { cache: 'no-store' });
      return parseLoginMethod(await response.json());
    },
    async start(request: BroadcastRequest): Promise<StartResult> {
      uploader.reset();
      const result = new Promise<StartResult>((resolve) => waiting.start.push(resolve));
      try {
        await command({ type: 'start', classId: request.classId, fps: request.fps, quality: request.quality, ...login(request.credentials) });
      } catch (error) {
        waiting.start.pop();
        return { ok: false, code: 'CC_GATEWAY_UNREACHABLE', message: error instanceof Error ? error.message : String(error) };
      }
      return result;
    },
    pause: () => command({ type: 'pause' }),
    resume: () => command({ type: 'resume' }),
    stop: () => command({ type: 'stop' }),
    update: (settings) => command({ type: 'update', ...settings }),
    async sendFrame(frame: CapturedFrame): Promise<boolean> {
      const open = socket;
      if (!open || open.readyState !== WebSocket.OPEN) return false;
      const upload = await uploader.encode(frame);
      const taken = new Promise<boolean>((resolve) => waiting.taken.push(resolve));
      open.send(upload.bytes);
      options.onUpload?.({ bytes: upload.bytes.length, changedPixels: upload.changedPixels, totalPixels: upload.totalPixels });
      return taken;
    },
    announce: (classId, text, credentials) => toClass((id) => ({ type: 'announce', id, classId, text, ...login(credentials) })),
    eyesOnMe: (classId, credentials) => toClass((id) => ({ type: 'eyes-on-me', id, classId, ...login(credentials) })),
    annotate: (classId, annotation, credentials) => toClass((id) => ({ type: 'annotate', id, classId, annotation, ...login(credentials) })),
    shareState: (classId, credentials) => withId<ShareStateResult>(asking, (id) => ({ type: 'share-state', id, classId, ...login(credentials) })),
    decideShare: (classId, student, decision, credentials) =>
      toClass((id) => ({ type: 'share-decision', id, classId, student, decision, ...login(credentials) })),
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
