/**
 * The gateway against the real broker: a browser-like ws client joins, and frames broadcast by a
 * real Broadcaster arrive with the stream's status; names are checked and not shared.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, inject, test, vi } from 'vitest';
import { createBroadcaster, type Broadcaster } from '@classcast/kafka';
import { bundlePages } from './bundle-pages.js';
import { createGateway, type Gateway } from './gateway.js';
import { joinGateway, openGateway, paddedJpeg, uniqueClassId, type RecordingClient } from './test-helpers.js';

const connection = { brokers: inject('kafkaBrokers') };
let gateway: Gateway;
const cleanup: Array<() => Promise<unknown> | void> = [];

let publicDir: string;

beforeAll(async () => {
  // A page of its own: other test files may be bundling into dist/public at the same time.
  publicDir = await mkdtemp(join(tmpdir(), 'classcast-page-'));
  gateway = await createGateway({ connection, port: 0, host: '127.0.0.1', publicDir });
});
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((step) => step()));
});
afterAll(async () => {
  await gateway?.close();
  await rm(publicDir, { recursive: true, force: true });
});

async function teacher(classId: string): Promise<Broadcaster> {
  const broadcaster = createBroadcaster({ connection, classId });
  await broadcaster.start();
  cleanup.push(() => broadcaster.stop());
  return broadcaster;
}

async function student(classId: string, name: string): Promise<RecordingClient> {
  const client = await joinGateway(gateway.url, classId, name);
  cleanup.push(() => client.socket.terminate());
  return client;
}

function keyFrame(broadcaster: Broadcaster, bytes = 2048) {
  const sequence = broadcaster.nextSequence;
  const now = Date.now();
  return {
    kind: 'key' as const,
    codec: 'jpeg' as const,
    width: 1,
    height: 1,
    sequence,
    captureTime: now,
    keySequence: sequence,
    keyCaptureTime: now,
    payload: paddedJpeg(bytes, sequence),
  };
}

test('serves the student page and its bundled script, under a strict content policy', async () => {
  await bundlePages({ outDir: publicDir });
  const page = await fetch(gateway.url);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  expect(await page.text()).toMatch(/<script type="module" src="\/app.js"><\/script>/);
  const script = await fetch(new URL('/app.js', gateway.url));
  expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect((await script.text()).length).toBeGreaterThan(10_000);
  expect((await fetch(new URL('/nothing-here', gateway.url))).status).toBe(404);
});

test('a student joins over WebSocket and receives what a real Broadcaster sends, then "ended"', async () => {
  const classId = uniqueClassId('web-live');
  const broadcaster = await teacher(classId);
  await broadcaster.send(keyFrame(broadcaster));
  const ada = await student(classId, 'ada');
  // Live join: the newest keyframe at once, then what follows.
  await vi.waitFor(() => expect(ada.frames.map((frame) => frame.sequence)).toEqual([0]), { timeout: 20_000, interval: 50 });
  const sent = [keyFrame(broadcaster, 5000)];
  await broadcaster.send(sent[0]!);
  await broadcaster.end();
  await vi.waitFor(() => expect(ada.statuses().at(-1)).toBe('ended'), { timeout: 10_000, interval: 50 });
  expect(ada.frames.map((frame) => `${frame.kind}${frame.sequence}`)).toEqual(['key0', 'key1', 'end2']);
  expect(ada.frames[1]!.payload).toEqual(sent[0]!.payload);
  // "waiting" may appear in between on a loaded machine (the first frame took over the 1 s grace).
  expect(ada.statuses().filter((status) => status !== 'waiting')).toEqual(['connecting', 'live', 'ended']);
  expect(gateway.sessions().find((session) => session.student === 'ada' && session.classId === classId)).toMatchObject({ state: 'streaming', status: 'ended' });
});

test('a student who joins before the lesson waits, then sees it from its first frame', async () => {
  const classId = uniqueClassId('web-early');
  const bob = await student(classId, 'bob');
  // Nobody created the class: it is unknown to Kafka until the teacher starts it.
  await vi.waitFor(() => expect(bob.statuses()).toContain('unknown-class'), { timeout: 20_000, interval: 50 });
  const broadcaster = await teacher(classId);
  await broadcaster.send(keyFrame(broadcaster));
  await vi.waitFor(() => expect(bob.frames.map((frame) => frame.sequence)).toEqual([0]), { timeout: 30_000, interval: 100 });
  expect(bob.statuses().at(-1)).toBe('live');
});

test('a second connection with the same name is refused while the first is alive, and takes over once it is gone', async () => {
  const classId = uniqueClassId('web-twice');
  const broadcaster = await teacher(classId);
  await broadcaster.send(keyFrame(broadcaster));
  const first = await student(classId, 'cy');
  await vi.waitFor(() => expect(first.frames).toHaveLength(1), { timeout: 20_000, interval: 50 });

  const second = await student(classId, 'cy');
  expect(await second.closed).toBe(1008);
  expect(second.messages.at(-1)).toMatchObject({
    type: 'error',
    code: 'CC_STUDENT_ALREADY_WATCHING',
    message: expect.stringMatching(/"cy" is already watching class/),
  });
  expect(second.frames).toHaveLength(0);

  // The first one's network dies without a goodbye: it stops answering pings.
  first.socket.pause();
  const third = await student(classId, 'cy');
  await vi.waitFor(() => expect(third.frames.map((frame) => frame.sequence)).toEqual([0]), { timeout: 20_000, interval: 50 });
  // The gateway let go of the silent connection: one session for cy, the new one.
  const sessions = gateway.sessions().filter((session) => session.classId === classId);
  expect(sessions.map((session) => session.state)).toEqual(['streaming']);
});

test('a first message that is not a join is refused as a bad request, not as a bad frame', async () => {
  const cases = [
    ['not JSON', 'hello', /not a JSON object/],
    ['a join without a student', JSON.stringify({ type: 'join', classId: 'physics' }), /"type":"join"/],
    ['a control before the join', JSON.stringify({ type: 'live' }), /join the class before/],
  ] as const;
  for (const [what, first, message] of cases) {
    const client = await openGateway(gateway.url, first);
    expect(await client.closed, what).toBe(1008);
    expect(client.messages, what).toEqual([{ type: 'error', code: 'CC_GATEWAY_BAD_REQUEST', message: expect.stringMatching(message) }]);
  }
});

test('a bad join is refused with the same clear line the form shows', async () => {
  const client = await joinGateway(gateway.url, 'physics', 'ada lovelace');
  expect(await client.closed).toBe(1008);
  expect(client.messages).toEqual([
    {
      type: 'error',
      code: 'CC_INVALID_NAME',
      message: `student name "ada lovelace" is not valid: use 1-128 letters, digits, '.', '_', '-' or '@' (not starting with '.' or '@')`,
    },
  ]);
});
