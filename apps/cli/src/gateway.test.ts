/**
 * `classcast gateway`, the web gateway as a command of classcast, against the test broker: with an
 * openssl certificate it serves the student page over HTTPS; without one it says it runs plain
 * HTTP; Ctrl-C and SIGTERM close it and it exits 0. `classcast --help` lists it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, test } from 'vitest';
import { classcast, printedGatewayUrl } from './test-helpers.js';
import { selfSignedCertificate } from '../../../test-support/self-signed-certificate.js';

const brokers = inject('kafkaBrokers').join(',');
const dir = mkdtempSync(join(tmpdir(), 'classcast-gateway-cmd-'));
const { certFile, keyFile, cert } = selfSignedCertificate(dir);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fetchPage(url: string, ca?: string): Promise<{ status: number; type: string }> {
  return new Promise((resolve, reject) => {
    const done = (response: IncomingMessage) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']) });
    };
    if (ca) request(url, { ca }, done).on('error', reject).end();
    else httpGet(url, done).on('error', reject);
  });
}

test('classcast --help lists the gateway command', async () => {
  const run = classcast(['--help']);
  expect(await run.exit).toBe(0);
  expect(run.stdout).toMatch(/^ {2}gateway \[options\] +the web gateway alone/m);
});

test('with --cert and --key it serves the student page over HTTPS, and Ctrl-C closes it', async () => {
  const run = classcast(['gateway', '--brokers', brokers, '--port', '0', '--host', '127.0.0.1', '--cert', certFile, '--key', keyFile]);
  const url = await printedGatewayUrl(run);
  expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
  expect(run.stderr).toContain(`classcast web gateway on Kafka ${brokers}. Students open:`);
  expect(run.stderr).not.toContain('plain HTTP');
  expect(await fetchPage(url, cert)).toEqual({ status: 200, type: expect.stringContaining('text/html') });

  run.kill('SIGINT');
  expect(await run.exit).toBe(0);
  expect(run.stderr).toContain('classcast web gateway closed');
});

test('without a certificate it says it runs plain HTTP; SIGTERM closes it', async () => {
  const run = classcast(['gateway', '--brokers', brokers, '--port', '0', '--host', '127.0.0.1']);
  const url = await printedGatewayUrl(run);
  expect(url).toMatch(/^http:\/\//);
  await run.waitForOutput(/plain HTTP/, 5000);
  expect(run.stderr).toContain('plain HTTP: pictures and names cross the network unencrypted, readable by anyone on it; give --cert and --key to serve HTTPS');
  expect(run.stderr).toMatch(/open: anyone who reaches this gateway may watch every class .+--student-login password/);
  expect((await fetchPage(url)).status).toBe(200);

  run.kill('SIGTERM');
  expect(await run.exit).toBe(0);
});

test('bad flags are one line each, as classcast-web says them', async () => {
  const onlyCert = classcast(['gateway', '--brokers', brokers, '--port', '0', '--cert', certFile]);
  expect(await onlyCert.exit).toBe(1);
  expect(onlyCert.stderr).toBe('classcast: give both --cert and --key (PEM files) to serve HTTPS\n');
  const badLimit = classcast(['gateway', '--brokers', brokers, '--max-students', '0']);
  expect(await badLimit.exit).toBe(1);
  expect(badLimit.stderr).toBe('classcast: --max-students 0 is not a whole number of at least 1\n');
  const badLogin = classcast(['gateway', '--brokers', brokers, '--student-login', 'anyone']);
  expect(await badLogin.exit).toBe(1);
  expect(badLogin.stderr).toBe('classcast: --student-login anyone is not open, password or oidc\n');
  const halfOidc = classcast(['gateway', '--brokers', brokers, '--student-login', 'oidc', '--oidc-issuer', 'https://accounts.google.com']);
  expect(await halfOidc.exit).toBe(1);
  expect(halfOidc.stderr).toBe('classcast: --student-login oidc needs --oidc-issuer and --oidc-client-id\n');
  const password = classcast(['gateway', '--brokers', brokers, '--password', 'x']);
  expect(await password.exit).toBe(1);
  expect(password.stderr).toMatch(/--password puts the password where `ps` shows it/);
});

test('a busy --port fails in one line naming it (gateway and classroom alike), never swapped for another', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
  const { port } = taken.address() as AddressInfo;
  try {
    const expected = `cannot listen on 0.0.0.0:${port}: the port is in use (another gateway or classroom?): give another --port, or --port 0 for any free one`;
    const gateway = classcast(['gateway', '--brokers', brokers, '--port', String(port)]);
    expect(await gateway.exit).toBe(1);
    expect(gateway.stderr.trim()).toBe(`classcast: ${expected}`);
    // The classroom checks before it starts a broker.
    const classroom = classcast(['classroom', '--port', String(port), '--source', 'test']);
    expect(await classroom.exit).toBe(1);
    expect(classroom.stderr.trim()).toBe(`classcast: ${expected}`);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});
