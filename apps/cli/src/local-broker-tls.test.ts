/**
 * A local broker started with `broker up --secure` records its SASL_SSL servers and its CA: the
 * commands that find it on their own then reach it over TLS, trusting that CA, unless --brokers
 * says otherwise. Against a real detached secured broker with openssl-made TLS material, in a
 * cache dir of its own (CLASSCAST_CACHE_DIR), so no broker of the user's is touched.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { brokerDown, brokerUp, generateTlsMaterial, type BrokerUpResult } from '@classcast/broker';
import { createBroadcaster } from '@classcast/kafka';
import { sendTestKeyFrame, uniqueClassId } from '@classcast/kafka/testing';
import { decodeGatewayFrame } from '@classcast/protocol';
import { resolveConnection } from './connection-options.js';
import { classcast, printedGatewayUrl } from './test-helpers.js';
import { waitFor } from '../../../test-support/wait-for.js';

const ADMIN_PASSWORD = 'local-tls-admin-pw';
const cacheDir = mkdtempSync(join(tmpdir(), 'classcast-local-tls-'));
const stateDir = join(cacheDir, 'run');
const env = { CLASSCAST_CACHE_DIR: cacheDir, CLASSCAST_SASL_USERNAME: 'admin', CLASSCAST_SASL_PASSWORD: ADMIN_PASSWORD };
let up: BrokerUpResult;
let ca: string;

beforeAll(async () => {
  const tls = await generateTlsMaterial(join(cacheDir, 'tls'));
  ca = readFileSync(tls.caFile, 'utf8');
  up = await brokerUp({ nodes: 1, stateDir, security: { scramUsers: { admin: ADMIN_PASSWORD }, tls } });
});
afterAll(async () => {
  await brokerDown({ stateDir, timeoutMs: 5000 });
  rmSync(cacheDir, { recursive: true, force: true });
});

test('the connection found for the local broker is its TLS listener with its CA, and it works', async () => {
  const tlsServers = up.security!.saslSslServers;
  expect(tlsServers).toHaveLength(1);
  expect(tlsServers).not.toEqual(up.bootstrapServers);

  const connection = await resolveConnection({}, env);
  expect(connection).toMatchObject({ brokers: tlsServers, tls: { ca }, sasl: { username: 'admin' } });
  const broadcaster = createBroadcaster({ connection, classId: uniqueClassId('local-tls') });
  await broadcaster.start();
  await sendTestKeyFrame(broadcaster);
  await broadcaster.stop();

  // --brokers (or CLASSCAST_BROKERS) wins: the user's address, and no TLS forced on it.
  const given = await resolveConnection({ brokers: up.bootstrapServers.join(',') }, env);
  expect(given.brokers).toEqual(up.bootstrapServers);
  expect(given.tls).toBeUndefined();
});

test('classcast gateway reaches the local broker over TLS and a student watches through it', async () => {
  const classId = uniqueClassId('local-tls-gw');
  const run = classcast(['gateway', '--port', '0', '--host', '127.0.0.1'], env);
  const url = await printedGatewayUrl(run);
  expect(run.stderr).toContain(`classcast web gateway on Kafka ${up.security!.saslSslServers.join(',')} (TLS, as admin)`);

  const broadcaster = createBroadcaster({ connection: await resolveConnection({}, env), classId });
  await broadcaster.start();
  await sendTestKeyFrame(broadcaster);
  const socket = new WebSocket(new URL('/ws', url).href.replace(/^http/, 'ws'));
  const frames: number[] = [];
  socket.on('message', (data: Buffer, isBinary) => {
    if (isBinary) frames.push(decodeGatewayFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).sequence);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'join', classId, student: 'ada' }));
  try {
    await waitFor(() => frames.length >= 1, 20_000, 'a frame through the gateway');
    expect(frames[0]).toBe(0);
  } finally {
    socket.close();
    await broadcaster.stop();
  }

  // Other commands find it the same way: the class the broadcast created is listed.
  const list = classcast(['class', 'list'], env);
  expect(await list.exit).toBe(0);
  expect(list.stdout).toContain(classId);

  run.kill('SIGINT');
  expect(await run.exit).toBe(0);
});

test('a local TLS broker whose CA file is gone is one clear line', async () => {
  const missing = join(cacheDir, 'tls', 'ca.pem');
  const kept = readFileSync(missing);
  rmSync(missing);
  try {
    const run = classcast(['class', 'list'], env);
    expect(await run.exit).toBe(1);
    expect(run.stderr).toBe(
      `classcast: the local broker serves TLS with the CA certificate ${missing}, which is gone: restart it (classcast broker down, then broker up --secure) or give --brokers\n`,
    );
  } finally {
    writeFileSync(missing, kept);
  }
});
