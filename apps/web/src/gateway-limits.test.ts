/**
 * What one student cannot do to the gateway, against the real broker: names with control
 * characters are refused without reaching the log raw, a message over the size limit is told
 * why before the close, and a flood of control messages is dropped (with one error a second)
 * while the student stays connected and streaming.
 */
import { afterAll, afterEach, beforeAll, expect, inject, test, vi } from 'vitest';
import { createBroadcaster, type Broadcaster } from '@classcast/kafka';
import { pause } from '@classcast/protocol';
import { createGateway, type Gateway } from './gateway.js';
import { joinGateway, openGateway, paddedJpeg, uniqueClassId, type RecordingClient } from './test-helpers.js';

const connection = { brokers: inject('kafkaBrokers') };
let gateway: Gateway;
const logged: string[] = [];
const cleanup: Array<() => Promise<unknown> | void> = [];

beforeAll(async () => {
  gateway = await createGateway({ connection, port: 0, host: '127.0.0.1', log: (line) => void logged.push(line) });
});
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((step) => step()));
});
afterAll(async () => {
  await gateway?.close();
});

async function teacher(classId: string): Promise<Broadcaster> {
  const broadcaster = createBroadcaster({ connection, classId });
  await broadcaster.start();
  cleanup.push(() => broadcaster.stop());
  return broadcaster;
}

function keyFrame(broadcaster: Broadcaster) {
  const sequence = broadcaster.nextSequence;
  const now = Date.now();
  const timing = { sequence, captureTime: now, keySequence: sequence, keyCaptureTime: now };
  return { kind: 'key' as const, codec: 'jpeg' as const, width: 1, height: 1, ...timing, payload: paddedJpeg(1024, sequence) };
}

/** A student watching a class that is on: one frame has arrived. */
async function watching(label: string): Promise<{ client: RecordingClient; broadcaster: Broadcaster }> {
  const classId = uniqueClassId(label);
  const broadcaster = await teacher(classId);
  await broadcaster.send(keyFrame(broadcaster));
  const client = await joinGateway(gateway.url, classId, 'ada');
  cleanup.push(() => client.socket.terminate());
  await vi.waitFor(() => expect(client.frames).toHaveLength(1), { timeout: 20_000, interval: 50 });
  return { client, broadcaster };
}

const errors = (client: RecordingClient) => client.messages.filter((m) => m.type === 'error');
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

test('a name or class id with control characters is refused, and the log gets them escaped, never raw', async () => {
  const names = [
    ['ada\u0000', 'physics'],
    ['ada\u001b[2J\u001b[31m', 'physics'],
    ['ada\nbob joined physics', 'physics'],
    ['ada', 'physics\r\nforged line'],
  ] as const;
  for (const [student, classId] of names) {
    const from = logged.length;
    const client = await joinGateway(gateway.url, classId, student);
    expect(await client.closed).toBe(1008);
    expect(client.messages).toEqual([{ type: 'error', code: 'CC_INVALID_NAME', message: expect.stringMatching(/is not valid/) }]);
    expect(client.frames).toHaveLength(0);
    await vi.waitFor(() => expect(logged.length).toBeGreaterThan(from));
    const lines = logged.slice(from);
    expect(lines.join('\n'), JSON.stringify(lines)).not.toMatch(CONTROL);
    expect(lines.join('\n')).toMatch(/refused a connection: (student name|class id) ".*\\u00[01][0-9a-d].*" is not valid/);
  }
  expect(gateway.sessions().filter((s) => s.state !== 'awaiting-join')).toEqual([]);
});

test('a message over the size limit is answered with CC_GATEWAY_MESSAGE_TOO_BIG, then the socket closes (1009)', async () => {
  // As the first message…
  const early = await openGateway(gateway.url, JSON.stringify({ type: 'join', classId: 'physics', student: 'x'.repeat(5000) }));
  expect(await early.closed).toBe(1009);
  expect(early.messages).toEqual([{ type: 'error', code: 'CC_GATEWAY_MESSAGE_TOO_BIG', message: expect.stringMatching(/at most 4096 bytes/) }]);

  // …and while streaming.
  const { client } = await watching('web-too-big');
  client.socket.send(JSON.stringify({ type: 'live', padding: 'x'.repeat(8000) }));
  expect(await client.closed).toBe(1009);
  expect(errors(client)).toEqual([{ type: 'error', code: 'CC_GATEWAY_MESSAGE_TOO_BIG', message: expect.stringMatching(/a message of 80\d\d bytes/) }]);

  // Far over it, ws cuts the socket off itself (still 1009) before the gateway reads the message.
  const huge = await openGateway(gateway.url, 'x'.repeat(1024 * 1024));
  expect(await huge.closed).toBe(1009);
});

test('a flood of control messages is dropped with one error a second; the student stays connected and streaming', async () => {
  const { client, broadcaster } = await watching('web-flood');
  for (let i = 0; i < 500; i += 1) client.socket.send(JSON.stringify({ type: 'live' }));
  await vi.waitFor(() => expect(errors(client)).toHaveLength(1), { timeout: 10_000, interval: 50 });
  expect(errors(client)[0]).toEqual({
    type: 'error',
    code: 'CC_GATEWAY_RATE_LIMITED',
    message: expect.stringMatching(/too many seek, speed or live messages \(more than 20 a second\)/),
    fatal: false,
  });
  // One error per window, however many were dropped in it.
  await pause(300);
  expect(errors(client)).toHaveLength(1);

  // Still connected: frames arrive, and control messages are taken again once the pace is back.
  expect(client.socket.readyState).toBe(client.socket.OPEN);
  await broadcaster.send(keyFrame(broadcaster));
  await vi.waitFor(() => expect(client.frames).toHaveLength(2), { timeout: 10_000, interval: 50 });
  await pause(1100);
  const from = client.messages.length;
  client.socket.send(JSON.stringify({ type: 'speed', speed: 0 }));
  await vi.waitFor(() => expect(client.messages.slice(from)).toContainEqual(expect.objectContaining({ type: 'timeline', mode: 'paused' })), {
    timeout: 10_000,
    interval: 50,
  });
  expect(errors(client)).toHaveLength(1);
  expect(gateway.sessions().find((s) => s.student === 'ada')).toMatchObject({ state: 'streaming', mode: 'paused' });
  expect(logged.filter((line) => line.includes('too many control messages'))).toHaveLength(1);
});

/** A gateway of its own with small join limits, closed after the test. */
async function limitedGateway(limits: { joinsPerAddressPerMinute?: number; maxStudentsPerClass?: number; maxStudents?: number }): Promise<Gateway> {
  const limited = await createGateway({ connection, port: 0, host: '127.0.0.1', log: (line) => void logged.push(line), ...limits });
  cleanup.push(() => limited.close());
  return limited;
}

async function streams(client: RecordingClient, count = 1): Promise<void> {
  await vi.waitFor(() => expect(client.frames.length).toBeGreaterThanOrEqual(count), { timeout: 20_000, interval: 50 });
}

async function refusedWith(client: RecordingClient, code: string, message: RegExp): Promise<void> {
  // A join the limits let through streams instead of closing: fail in seconds, not at the test's timeout.
  const closed = await Promise.race([client.closed, new Promise<string>((resolve) => setTimeout(() => resolve('still open after 10 s'), 10_000))]);
  if (closed === 'still open after 10 s') client.socket.terminate();
  expect(closed).toBe(1013);
  expect(client.messages.filter((m) => m.type !== 'status')).toEqual([{ type: 'error', code, message: expect.stringMatching(message) }]);
  expect(client.frames).toHaveLength(0);
}

test('joins per address: the N+1th in a minute is refused (CC_GATEWAY_TOO_MANY_JOINS), holding nothing; a student already in, and another address, go on', async () => {
  const limited = await limitedGateway({ joinsPerAddressPerMinute: 3 });
  const otherClass = uniqueClassId('limits-other');
  const other = await teacher(otherClass);
  await other.send(keyFrame(other));
  const watcher = await openFrom('127.0.0.3', limited.url, otherClass, 'ada');
  cleanup.push(() => watcher.socket.terminate());
  await streams(watcher);

  const classId = uniqueClassId('limits-address');
  const broadcaster = await teacher(classId);
  await broadcaster.send(keyFrame(broadcaster));
  // From a student machine's address: the server's own 127.0.0.1 is not rate-limited.
  for (const student of ['bob', 'cy']) {
    const client = await openFrom('127.0.0.3', limited.url, classId, student);
    cleanup.push(() => client.socket.terminate());
    await streams(client);
  }
  const from = logged.length;
  const refused = await openFrom('127.0.0.3', limited.url, classId, 'dee');
  await refusedWith(refused, 'CC_GATEWAY_TOO_MANY_JOINS', /^too many joins from this address \(more than 3 in 60 s\): try again in \d+ s$/);
  expect(logged.slice(from).join('\n')).toMatch(/refused dee in limits-address-\w+: too many joins from this address/);
  // Nothing held: three sessions streaming, none for the refused join.
  expect(
    limited
      .sessions()
      .map((s) => s.student)
      .sort(),
  ).toEqual(['ada', 'bob', 'cy']);

  // The student already watching goes on; another address joins the same class.
  await other.send(keyFrame(other));
  await streams(watcher, 2);
  const elsewhere = await openFrom('127.0.0.2', limited.url, classId, 'eve');
  cleanup.push(() => elsewhere.socket.terminate());
  await streams(elsewhere);

  // The server's own address (a proxy on this machine, a load test) is not rate-limited: more
  // joins than the limit from 127.0.0.1 all stream.
  for (const student of ['fay', 'gus', 'hal', 'ida']) {
    const local = await openFrom('127.0.0.1', limited.url, classId, student);
    cleanup.push(() => local.socket.terminate());
    await streams(local);
  }
});

test('students per class and per gateway: the next is refused (CC_GATEWAY_CLASS_FULL, CC_GATEWAY_FULL) until one leaves', async () => {
  const limited = await limitedGateway({ maxStudentsPerClass: 2, maxStudents: 3 });
  const fullClass = uniqueClassId('limits-class');
  const full = await teacher(fullClass);
  await full.send(keyFrame(full));
  const first = await joinGateway(limited.url, fullClass, 'ada');
  const second = await joinGateway(limited.url, fullClass, 'bob');
  for (const client of [first, second]) cleanup.push(() => client.socket.terminate());
  await streams(first);
  await streams(second);
  const third = await joinGateway(limited.url, fullClass, 'cy');
  await refusedWith(third, 'CC_GATEWAY_CLASS_FULL', new RegExp(`^class ${fullClass} is full on this gateway \\(2 students\\)`));

  // Another class still has room, until the gateway is full.
  const otherClass = uniqueClassId('limits-gateway');
  const other = await teacher(otherClass);
  await other.send(keyFrame(other));
  const fourth = await joinGateway(limited.url, otherClass, 'dee');
  cleanup.push(() => fourth.socket.terminate());
  await streams(fourth);
  const fifth = await joinGateway(limited.url, otherClass, 'eve');
  await refusedWith(fifth, 'CC_GATEWAY_FULL', /^the gateway is full \(3 students\)/);
  expect(limited.sessions()).toHaveLength(3);

  // One leaves: their seat is free again.
  first.socket.close();
  await first.closed;
  await vi.waitFor(() => expect(limited.sessions()).toHaveLength(2));
  const again = await joinGateway(limited.url, fullClass, 'cy');
  cleanup.push(() => again.socket.terminate());
  await streams(again);
});

/** Joins as a student machine at `localAddress` would: the per-address limits count by it. */
function openFrom(localAddress: string, gatewayUrl: string, classId: string, student: string): Promise<RecordingClient> {
  return joinGateway(gatewayUrl, classId, student, { localAddress });
}
