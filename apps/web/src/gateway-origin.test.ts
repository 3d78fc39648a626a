/**
 * The WebSocket Origin check, against the real broker: a page of another site gets 403 and no
 * frame; the gateway's own page (http or https), an origin the admin allowed, and a client that
 * sends no Origin (not a browser page) join and stream.
 */
import { afterAll, afterEach, beforeAll, expect, inject, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createBroadcaster, type Broadcaster } from '@classcast/kafka';
import { createGateway, type Gateway } from './gateway.js';
import { joinGateway, paddedJpeg, uniqueClassId } from './test-helpers.js';

const connection = { brokers: inject('kafkaBrokers') };
const ALLOWED = 'https://school.example:8443';
let gateway: Gateway;
let host: string;
const logged: string[] = [];
const cleanup: Array<() => Promise<unknown> | void> = [];

beforeAll(async () => {
  gateway = await createGateway({ connection, port: 0, host: '127.0.0.1', allowedOrigins: [`${ALLOWED}/`], log: (line) => void logged.push(line) });
  host = new URL(gateway.url).host;
});
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((step) => step()));
});
afterAll(async () => {
  await gateway?.close();
});

/** A class that is on: one keyframe is in Kafka. */
async function liveClass(label: string): Promise<string> {
  const classId = uniqueClassId(label);
  const broadcaster: Broadcaster = createBroadcaster({ connection, classId });
  await broadcaster.start();
  cleanup.push(() => broadcaster.stop());
  const sequence = broadcaster.nextSequence;
  const now = Date.now();
  await broadcaster.send({
    kind: 'key',
    codec: 'jpeg',
    width: 1,
    height: 1,
    sequence,
    captureTime: now,
    keySequence: sequence,
    keyCaptureTime: now,
    payload: paddedJpeg(1024, sequence),
  });
  return classId;
}

/** Opens the socket with `origin` and waits for how the upgrade ends: open, or refused with status and body. */
function upgrade(origin: string): Promise<{ opened: true; socket: WebSocket } | { opened: false; status: number; body: string }> {
  const socket = new WebSocket(new URL('/ws', gateway.url).href.replace(/^http/, 'ws'), { headers: { Origin: origin } });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ opened: true, socket }));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ opened: false, status: response.statusCode ?? 0, body }));
    });
    socket.once('error', reject);
  });
}

test('a page of another site gets 403 with a one-line reason, one escaped log line, and no frame', async () => {
  const classId = await liveClass('origin-foreign');
  for (const origin of ['http://evil.example', `http://${host}.evil.example`, 'null', `http://evil.example/\u0085\u009b2J`]) {
    const from = logged.length;
    const result = await upgrade(origin);
    if (result.opened) {
      result.socket.terminate();
      throw new Error(`origin ${origin} was taken`);
    }
    expect(result.status).toBe(403);
    expect(result.body).toMatch(/^origin ".*" is not this gateway's page nor an allowed origin \(--allow-origin\)\n$/);
    const lines = logged.slice(from);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^refused a WebSocket from 127\.0\.0\.1: origin /);
    // eslint-disable-next-line no-control-regex
    expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  }
  // And a join that does get through with that Origin header (as the ws client would) never starts.
  await expect(joinGateway(gateway.url, classId, 'ada', { headers: { Origin: 'http://evil.example' } })).rejects.toThrow(/403/);
  expect(gateway.sessions()).toEqual([]);
});

test("the gateway's own page (http or https), an allowed origin and a client without Origin stream", async () => {
  const classId = await liveClass('origin-ok');
  const cases: Array<[string, Record<string, string> | undefined]> = [
    ['own-http', { Origin: `http://${host}` }],
    ['own-https', { Origin: `https://${host}` }],
    ['allowed', { Origin: ALLOWED }],
    ['allowed-case', { Origin: ALLOWED.toUpperCase() }],
    ['no-origin', undefined],
  ];
  for (const [student, headers] of cases) {
    const client = await joinGateway(gateway.url, classId, student, { headers });
    cleanup.push(() => client.socket.terminate());
    await vi.waitFor(() => expect(client.frames.length, student).toBeGreaterThanOrEqual(1), { timeout: 20_000, interval: 50 });
  }
});

test('an allowed origin that is not an origin is a bad option', async () => {
  for (const origin of ['school.example', 'ftp://school.example', 'https://school.example/page']) {
    await expect(createGateway({ connection, port: 0, host: '127.0.0.1', allowedOrigins: [origin] })).rejects.toMatchObject({ code: 'CC_GATEWAY_BAD_OPTIONS' });
  }
});
