/**
 * On a cluster that wants a login, the command line says what to do from what the broker offers:
 * no credentials names the login flags (not "is the broker running?"), and a mechanism the broker
 * does not offer names the ones it does (not a fixed guess).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSecuredClassroom, type SecuredClassroom } from '../../../test-support/secured-classroom.js';
import { classcast } from './test-helpers.js';

const USERS = { admin: 'admin-secret-l1' };
let classroom: SecuredClassroom<never>;
let folder = '';

beforeAll(async () => {
  classroom = await startSecuredClassroom<never>(USERS);
  folder = await mkdtemp(join(tmpdir(), 'classcast-login-hints-'));
}, 120_000);

afterAll(async () => {
  await classroom?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

test('no credentials: the cluster wants a login, and the flags are named', { timeout: 120_000 }, async () => {
  const brokers = classroom.cluster.bootstrapServers.join(',');
  const run = classcast(['class', 'list', '--brokers', brokers]);
  expect(await run.exit).toBe(1);
  expect(run.stderr.trim().split('\n').at(-1)).toBe(
    `classcast: Kafka at ${brokers} wants a login (SASL SCRAM-SHA-256): give --username NAME and --password-file FILE, or set CLASSCAST_SASL_USERNAME and CLASSCAST_SASL_PASSWORD`,
  );
});

test('a SASL mechanism the broker does not offer: the ones it offers are named', { timeout: 120_000 }, async () => {
  const brokers = classroom.cluster.bootstrapServers.join(',');
  const passwordFile = join(folder, 'admin.password');
  await writeFile(passwordFile, USERS.admin, { mode: 0o600 });
  const run = classcast(['class', 'list', '--brokers', brokers, '--username', 'admin', '--password-file', passwordFile, '--sasl-mechanism', 'plain']);
  expect(await run.exit).toBe(1);
  expect(run.stderr.trim().split('\n').at(-1)).toBe(
    `classcast: Kafka at ${brokers} does not accept SASL PLAIN; it offers SCRAM-SHA-256: give --sasl-mechanism scram-sha-256`,
  );
});
