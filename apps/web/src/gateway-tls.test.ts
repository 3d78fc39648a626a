/**
 * HTTPS and WSS on the gateway (--cert/--key), against a real broker: the page and the socket are
 * served over TLS with a certificate made here by openssl, plain HTTP on that port gets nothing,
 * and the command line wants both files, the key readable by its owner only.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { get } from 'node:http';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createBroadcaster, type Broadcaster } from '@classcast/kafka';
import { sendTestKeyFrame } from '@classcast/kafka/testing';
import { createGateway, type Gateway } from './gateway.js';
import { openGateway, uniqueClassId } from './test-helpers.js';
import { selfSignedCertificate } from '../../../test-support/self-signed-certificate.js';
import { waitFor } from '../../../test-support/wait-for.js';

const connection = { brokers: inject('kafkaBrokers') };
const dir = mkdtempSync(join(tmpdir(), 'classcast-gateway-tls-'));
const { certFile, keyFile, cert } = selfSignedCertificate(dir);
let gateway: Gateway;
let broadcaster: Broadcaster | undefined;

beforeAll(async () => {
  gateway = await createGateway({ connection, port: 0, host: '127.0.0.1', tls: { cert, key: readFileSync(keyFile) } });
});
afterAll(async () => {
  await broadcaster?.stop();
  await gateway?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the page comes over HTTPS and a student watches over WSS; plain HTTP on that port gets no page', async () => {
  expect(gateway.url).toBe(`https://127.0.0.1:${gateway.port}/`);
  const page = await new Promise<{ status: number; type: string }>((resolve, reject) => {
    request(gateway.url, { ca: cert }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']) });
    })
      .on('error', reject)
      .end();
  });
  expect(page).toEqual({ status: 200, type: expect.stringContaining('text/html') });

  const plain = await new Promise<string>((resolve) => {
    get(`http://127.0.0.1:${gateway.port}/`, (response) => resolve(`status ${response.statusCode}`)).on('error', (error) => resolve(error.message));
  });
  expect(plain).not.toBe('status 200');

  const classId = uniqueClassId('web-tls');
  broadcaster = createBroadcaster({ connection, classId });
  await broadcaster.start();
  await sendTestKeyFrame(broadcaster);
  const student = await openGateway(gateway.url, JSON.stringify({ type: 'join', classId, student: 'ada' }), { ca: cert });
  await waitFor(() => student.frames.length >= 1, 20_000, 'a frame over WSS');
  expect(student.frames[0]).toMatchObject({ kind: 'key', sequence: 0 });
  student.socket.close();
});

test('classcast-web wants both --cert and --key, and a key file others can read is refused', async () => {
  const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
  const run = async (...args: string[]) => {
    const child = spawn(process.execPath, [bin, '--port', '0', '--host', '127.0.0.1', ...args], { env: { ...process.env, CLASSCAST_BROKERS: '127.0.0.1:1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number>((resolve) => child.on('exit', (exit) => resolve(exit ?? -1)));
    return { code, stderr };
  };
  const onlyCert = await run('--cert', certFile);
  expect(onlyCert.code).not.toBe(0);
  expect(onlyCert.stderr).toContain('give both --cert and --key');

  chmodSync(keyFile, 0o644);
  const openKey = await run('--cert', certFile, '--key', keyFile);
  chmodSync(keyFile, 0o600);
  expect(openKey.code).not.toBe(0);
  expect(openKey.stderr).toMatch(/the TLS key file .* can be read by other users \(mode 644\): run chmod 600/);
});
