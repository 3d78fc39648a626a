/** Helpers for this package's tests: frames with real image bytes, unique class ids, a recording client. */
import { createServer as createNetServer, connect as connectTcp, type AddressInfo, type Socket } from 'node:net';
import { WebSocket, type ClientOptions } from 'ws';
import { deflateRawSync } from 'node:zlib';
import {
  changedRects,
  cutRects,
  decodeGatewayFrame,
  encodeFrameUpload,
  parseServerMessage,
  SHARE_SOCKET_PATH,
  TEACHER_SOCKET_PATH,
  type FrameKind,
  type GatewayFrame,
  type GatewayServerMessage,
  type ShareSocketCommand,
  type ShareSocketReply,
  type TeacherCommand,
  type TeacherReply,
} from '@classcast/protocol';
import { waitFor } from '../../../test-support/wait-for.js';
import { validDeltaFrame, validKeyFrame } from '@classcast/protocol/testing';
import { paddedJpeg, uniqueClassId } from '@classcast/kafka/testing';
import type { Broadcaster } from '@classcast/kafka';
import { createGateway, type Gateway, type GatewayOptions } from './gateway.js';

// Unique class ids and real 1x1 JPEGs padded to a size: kafka's test fixtures, for this package's tests too.
export { paddedJpeg, uniqueClassId };

export function gatewayTestFrame({
  kind,
  sequence,
  keySequence,
  bytes,
}: {
  kind: FrameKind;
  sequence: number;
  keySequence: number;
  bytes: number;
}): GatewayFrame {
  const payload = kind === 'key' ? paddedJpeg(bytes, sequence) : kind === 'delta' ? new Uint8Array(bytes) : new Uint8Array(0);
  return { ...validKeyFrame(), kind, sequence, keySequence, payload, partition: 0, offset: String(sequence) };
}

/** A raw WebSocket client of the gateway that records everything it receives. */
export interface RecordingClient {
  socket: WebSocket;
  frames: GatewayFrame[];
  messages: GatewayServerMessage[];
  statuses(): string[];
  closed: Promise<number>;
}

/**
 * How the test client's socket connects: `headers` as a browser sends them (Origin), `ca` to trust
 * a gateway that serves HTTPS (its WebSocket is then wss), `localAddress` to join from another
 * loopback address (127.0.0.2 reaches 127.0.0.1 on Linux).
 */
export type TestSocketOptions = Pick<ClientOptions, 'headers' | 'ca' | 'localAddress'>;

export function joinGateway(gatewayUrl: string, classId: string, student: string, socketOptions: TestSocketOptions = {}): Promise<RecordingClient> {
  return openGateway(gatewayUrl, JSON.stringify({ type: 'join', classId, student }), socketOptions);
}

/** Connects like a browser and sends `first` (a join, or something that is not one). */
export async function openGateway(gatewayUrl: string, first: string, socketOptions: TestSocketOptions = {}): Promise<RecordingClient> {
  const socket = new WebSocket(new URL('/ws', gatewayUrl).href.replace(/^http/, 'ws'), socketOptions);
  const client: RecordingClient = {
    socket,
    frames: [],
    messages: [],
    statuses: () => client.messages.flatMap((message) => (message.type === 'status' ? [message.status] : [])),
    closed: new Promise((resolve) => socket.once('close', (code) => resolve(code))),
  };
  socket.on('message', (data: Buffer, isBinary) => {
    if (isBinary) client.frames.push(decodeGatewayFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    else client.messages.push(parseServerMessage(data.toString()));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(first);
  return client;
}

/** A plain TCP load balancer in front of gateways: each new connection goes to `target` (a port on 127.0.0.1), which a test moves. */
export interface TestBalancer {
  readonly port: number;
  target: number;
  close(): Promise<void>;
}

export async function startTestBalancer(target: number): Promise<TestBalancer> {
  const open = new Set<Socket>();
  const server = createNetServer((client) => {
    const upstream = connectTcp(balancer.target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      // One side gone (a gateway that died, a student who left): the other goes too.
      socket.on('close', () => (open.delete(socket), client.destroy(), upstream.destroy()));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const balancer: TestBalancer = {
    port: (server.address() as AddressInfo).port,
    target,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return balancer;
}

/** A teacher's frames as its stream sends them: a keyframe, or a delta on the newest keyframe, captured now (200x100 fixture pictures). */
export function createFrameSender(teacher: Broadcaster) {
  let key = { sequence: 0, time: 0 };
  return {
    /** The newest keyframe sent: its sequence and capture time. */
    get key() {
      return key;
    },
    /** Sends the next frame; resolves with its sequence once Kafka has it. */
    async send(kind: 'key' | 'delta'): Promise<number> {
      const sequence = teacher.nextSequence;
      const now = Date.now();
      if (kind === 'key') key = { sequence, time: now };
      const payload = (kind === 'key' ? validKeyFrame({ width: 200, height: 100 }) : validDeltaFrame()).payload;
      const frame = {
        kind,
        codec: 'jpeg',
        width: 200,
        height: 100,
        sequence,
        captureTime: now,
        keySequence: key.sequence,
        keyCaptureTime: key.time,
        payload,
      } as const;
      await teacher.send(frame);
      return sequence;
    },
  };
}

/** Frame i of a lesson that began at `base`: 10 fps, a keyframe every ten (200x100 fixture pictures), deltas between. */
export function lessonFrame(base: number, i: number) {
  const key = Math.floor(i / 10) * 10;
  const timing = { sequence: i, captureTime: base + i * 100, keySequence: key, keyCaptureTime: base + key * 100 };
  return i === key ? validKeyFrame({ width: 200, height: 100, ...timing }) : validDeltaFrame(timing);
}

/** A page that uploads pictures to the gateway, without the page: the teacher console (/teach/ws) or a student's shared screen (/share/ws). */
export interface TestUploadSocket<C, R extends { type: string }> {
  socket: WebSocket;
  replies: R[];
  send(command: C): void;
  /** Uploads `pixels` (RGBA) as the page does: what changed since the last upload, deflated. Resolves with the gateway's "taken". */
  upload(pixels: Uint8Array, width: number, height: number, capturedAt?: number): Promise<{ ok: boolean; bytes: number }>;
  /** The next reply of this type (from now on, or already waiting unread). */
  reply<T extends R['type']>(type: T): Promise<Extract<R, { type: T }>>;
}

export type TestTeacherConsole = TestUploadSocket<TeacherCommand, TeacherReply>;
export type TestSharePage = TestUploadSocket<ShareSocketCommand, ShareSocketReply>;

export const openTeacherConsole = (gatewayUrl: string): Promise<TestTeacherConsole> => openUploadSocket(gatewayUrl, TEACHER_SOCKET_PATH);
export const openSharePage = (gatewayUrl: string): Promise<TestSharePage> => openUploadSocket(gatewayUrl, SHARE_SOCKET_PATH);

async function openUploadSocket<C, R extends { type: string }>(gatewayUrl: string, path: string): Promise<TestUploadSocket<C, R>> {
  const socket = new WebSocket(new URL(path, gatewayUrl).href.replace(/^http/, 'ws'));
  const replies: R[] = [];
  let read = 0;
  let sent: Uint8Array | undefined;
  socket.on('message', (data: Buffer) => void replies.push(JSON.parse(data.toString()) as R));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const page: TestUploadSocket<C, R> = {
    socket,
    replies,
    send: (command) => socket.send(JSON.stringify(command)),
    async reply(type) {
      const found = await waitFor(
        () => {
          const index = replies.findIndex((reply, at) => at >= read && reply.type === type);
          return index === -1 ? undefined : index;
        },
        30_000,
        () => `a ${type} reply (got ${JSON.stringify(replies.slice(read)).slice(0, 400)})`,
      );
      read = found + 1;
      return replies[found] as never;
    },
    async upload(pixels, width, height, capturedAt = Date.now()) {
      const rects = changedRects(sent?.length === pixels.length ? sent : undefined, pixels, width, height);
      const raw = cutRects(pixels, width, rects);
      const bytes = encodeFrameUpload({ width, height, capturedAt, rects, body: deflateRawSync(raw), compressed: true });
      socket.send(bytes);
      const taken = (await page.reply('taken' as R['type'])) as unknown as { ok: boolean };
      sent = taken.ok ? pixels : undefined;
      return { ok: taken.ok, bytes: bytes.length };
    },
  };
  return page;
}

/** A gateway on a free local port where each student (and teacher) logs in with their own Kafka password. */
export function createPasswordGateway(brokers: string[], options: Partial<GatewayOptions> = {}): Promise<Gateway> {
  return createGateway({ connection: { brokers }, studentLogin: { method: 'password' }, port: 0, host: '127.0.0.1', ...options });
}
