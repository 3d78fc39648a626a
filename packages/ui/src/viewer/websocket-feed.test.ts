import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { decodeDeltaContainer, encodeGatewayFrame } from '@classcast/protocol';
import { validDeltaFrame, validKeyFrame } from '@classcast/protocol/testing';
import type { FeedEvent } from './frame-feed.js';
import { createWebSocketFeed, gatewaySocketUrl } from './websocket-feed.js';

/** Just enough of a browser WebSocket, driven by the test. */
class FakeSocket {
  binaryType = 'blob';
  readyState = 0;
  sent: string[] = [];
  closedWith: number | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close(code: number) {
    this.closedWith = code;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(data: unknown) {
    this.onmessage?.({ data });
  }
  drop() {
    this.onerror?.({});
    this.onclose?.({ code: 1006 });
  }
}

let sockets: FakeSocket[];
let events: FeedEvent[];
beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  events = [];
});
afterEach(() => vi.useRealTimers());

function openFeed() {
  const feed = createWebSocketFeed({
    url: 'ws://gateway/ws',
    classId: 'physics',
    student: 'ada',
    backoff: { initialMs: 100, maxMs: 1000, random: () => 1 },
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
  });
  feed.subscribe((event) => events.push(event));
  return feed;
}
const statuses = () => events.flatMap((event) => (event.type === 'status' ? [event.status] : []));

test('joins on open, then hands on status messages and binary frames', () => {
  openFeed();
  const socket = sockets[0]!;
  expect(socket.binaryType).toBe('arraybuffer');
  socket.open();
  // The join says this viewer draws the teacher's marks (a viewer from before them is sent none).
  expect(JSON.parse(socket.sent[0]!)).toEqual({ type: 'join', classId: 'physics', student: 'ada', annotations: true });
  socket.receive(JSON.stringify({ type: 'status', status: 'live' }));
  const frame = validKeyFrame();
  socket.receive(encodeGatewayFrame({ ...frame, partition: 0, offset: '5' }).slice().buffer);
  expect(events).toEqual([
    { type: 'status', status: 'connecting' },
    { type: 'status', status: 'live' },
    { type: 'frame', frame, catchingUp: false },
  ]);
});

test('a delta comes with its tile container, parsed once by the feed for the compositor', () => {
  openFeed();
  const socket = sockets[0]!;
  socket.open();
  const frame = validDeltaFrame();
  socket.receive(encodeGatewayFrame({ ...frame, partition: 0, offset: '6', catchingUp: true }).slice().buffer);
  expect(events.at(-1)).toEqual({ type: 'frame', frame, container: decodeDeltaContainer(frame.payload, frame), catchingUp: true });
});

test('a frame of another wire version is counted as unreadable, and the feed goes on', () => {
  openFeed();
  const socket = sockets[0]!;
  socket.open();
  const bytes = encodeGatewayFrame({ ...validKeyFrame(), partition: 0, offset: '5' }).slice();
  bytes[0] = 2;
  socket.receive(bytes.buffer);
  socket.receive(JSON.stringify({ type: 'status', status: 'live' }));
  expect(events.slice(1)).toEqual([
    { type: 'skipped', total: 1, reason: expect.stringMatching(/gateway frame version 2 is not supported/), code: 'CC_FRAME_UNSUPPORTED_VERSION' },
    { type: 'status', status: 'live' },
  ]);
});

test('a lost connection says reconnecting and retries with growing delays until the gateway answers', () => {
  openFeed();
  sockets[0]!.open();
  sockets[0]!.drop();
  expect(statuses().at(-1)).toBe('reconnecting');
  const delays: number[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const before = sockets.length;
    let waited = 0;
    while (sockets.length === before) {
      vi.advanceTimersByTime(10);
      waited += 10;
    }
    delays.push(waited);
    sockets.at(-1)!.drop(); // the gateway is still down
  }
  expect(delays).toEqual([100, 200, 400, 800, 1000]);
  // Back: it joins again, and the next loss starts from the shortest delay.
  vi.advanceTimersByTime(1000);
  const socket = sockets.at(-1)!;
  socket.open();
  socket.receive(JSON.stringify({ type: 'status', status: 'live' }));
  expect(JSON.parse(socket.sent[0]!)).toMatchObject({ type: 'join' });
  socket.drop();
  const before = sockets.length;
  vi.advanceTimersByTime(100);
  expect(sockets.length).toBe(before + 1);
});

test('a refused join is final: the error is handed on and nothing reconnects', () => {
  openFeed();
  const socket = sockets[0]!;
  socket.open();
  socket.receive(JSON.stringify({ type: 'error', code: 'CC_STUDENT_ALREADY_WATCHING', message: 'ada is already watching' }));
  socket.drop();
  vi.advanceTimersByTime(60_000);
  expect(sockets).toHaveLength(1);
  expect(events.at(-1)).toEqual({ type: 'error', code: 'CC_STUDENT_ALREADY_WATCHING', message: 'ada is already watching' });
});

test('an error with fatal false refused one request: handed on, the socket stays open and the stream goes on', () => {
  const feed = openFeed();
  const socket = sockets[0]!;
  socket.open();
  socket.receive(JSON.stringify({ type: 'error', code: 'CC_GATEWAY_BAD_REQUEST', message: 'bad seek', fatal: false }));
  expect(events.at(-1)).toEqual({ type: 'error', code: 'CC_GATEWAY_BAD_REQUEST', message: 'bad seek', fatal: false });
  expect(socket.closedWith).toBeUndefined();
  socket.receive(JSON.stringify({ type: 'status', status: 'live' }));
  expect(events.at(-1)).toMatchObject({ type: 'status', status: 'live' });
  feed.control?.({ type: 'live' });
  expect(JSON.parse(socket.sent.at(-1)!)).toEqual({ type: 'live' });
});

test("the gateway's reason code for a skipped frame reaches the viewer", () => {
  openFeed();
  sockets[0]!.receive(JSON.stringify({ type: 'skipped', total: 4, reason: 'frame format version "3" is not supported', code: 'CC_FRAME_UNSUPPORTED_VERSION' }));
  expect(events.at(-1)).toEqual({ type: 'skipped', total: 4, reason: 'frame format version "3" is not supported', code: 'CC_FRAME_UNSUPPORTED_VERSION' });
});

test('unreadable messages are counted as skipped, on top of what the gateway skipped', () => {
  openFeed();
  const socket = sockets[0]!;
  socket.receive(JSON.stringify({ type: 'skipped', total: 2, reason: 'not a classcast frame' }));
  // Not JSON at all (a type this viewer does not know is ignored instead: see below).
  socket.receive('{"type":"status",');
  socket.receive(new Uint8Array([0, 0, 0, 9, 1]).buffer);
  expect(events.filter((event) => event.type === 'skipped').map((event) => event.type === 'skipped' && event.total)).toEqual([2, 3, 4]);
});

test('close() leaves: the socket is closed, no reconnect, no more events', () => {
  const feed = openFeed();
  sockets[0]!.open();
  feed.close();
  expect(sockets[0]!.closedWith).toBe(1000);
  sockets[0]!.drop();
  vi.advanceTimersByTime(60_000);
  expect(sockets).toHaveLength(1);
  expect(statuses()).toEqual(['connecting']);
});

test('the socket address follows the page: wss for https', () => {
  expect(gatewaySocketUrl({ protocol: 'https:', host: 'school.example:8443' })).toBe('wss://school.example:8443/ws');
  expect(gatewaySocketUrl({ protocol: 'http:', host: '10.0.0.5:8080' })).toBe('ws://10.0.0.5:8080/ws');
});

test('seek, speed and live go to the gateway while connected, and timelines come back as events', () => {
  const feed = openFeed();
  feed.control!({ type: 'seek', time: 5 }); // not open yet: nobody to tell
  sockets[0]!.open();
  feed.control!({ type: 'seek', time: 1_000 });
  feed.control!({ type: 'speed', speed: 0 });
  expect(sockets[0]!.sent.slice(1).map((text) => JSON.parse(text))).toEqual([
    { type: 'seek', time: 1_000 },
    { type: 'speed', speed: 0 },
  ]);
  const timeline = { type: 'timeline', start: 0, end: 9, position: 3, mode: 'paused', speed: 0 };
  sockets[0]!.receive(JSON.stringify(timeline));
  expect(events.at(-1)).toEqual(timeline);
  feed.close();
});

test("a newer gateway's message type is ignored with one console line per type; board and annotation messages reach the viewer; a bad board is skipped", () => {
  const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
  openFeed();
  const socket = sockets[0]!;
  socket.open();
  socket.receive(JSON.stringify({ type: 'eyes-on-me', at: 1 }));
  socket.receive(JSON.stringify({ type: 'eyes-on-me', at: 2 }));
  socket.receive(JSON.stringify({ type: 'board', stream: 'screen-0', strokes: [], pointer: { x: 0.5, y: 0.5 } }));
  socket.receive(JSON.stringify({ type: 'annotation', stream: 'screen-0', annotation: { type: 'clear' } }));
  socket.receive(JSON.stringify({ type: 'annotation', stream: 'screen-0', annotation: { type: 'pointer', x: 7, y: 7 } }));
  expect(info).toHaveBeenCalledTimes(1);
  expect(info.mock.calls[0]![0]).toMatch(/ignoring the class server's "eyes-on-me" messages/);
  expect(events.slice(1)).toEqual([
    { type: 'board', stream: 'screen-0', strokes: [], pointer: { x: 0.5, y: 0.5 } },
    { type: 'annotation', stream: 'screen-0', annotation: { type: 'clear' } },
    { type: 'skipped', total: 1, reason: expect.stringMatching(/unknown gateway message/), code: 'CC_FRAME_BAD_HEADER' },
  ]);
  expect(socket.closedWith).toBeUndefined();
  info.mockRestore();
});
