/**
 * Where the command line's SASL password comes from, against a real secured broker: never a flag
 * (`ps` would show it), but the environment, a 0600 file or a hidden prompt on a terminal.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startKafka, type KafkaCluster } from '@classcast/broker';
import { classcast } from './test-helpers.js';

const ADMIN_PASSWORD = 'admin-secret-7f3';
let cluster: KafkaCluster;
let brokers: string;
const dir = mkdtempSync(join(tmpdir(), 'classcast-secrets-'));

beforeAll(async () => {
  cluster = await startKafka({ nodes: 1, security: { scramUsers: { admin: ADMIN_PASSWORD } } });
  brokers = cluster.bootstrapServers.join(',');
});
afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function passwordFile(name: string, content: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

async function classList(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = classcast(['class', 'list', '--brokers', brokers, '--username', 'admin', ...args], env);
  return { code: await run.exit, stderr: run.stderr };
}

test('--password is refused in one line that says why and what to use, before connecting', async () => {
  const { code, stderr } = await classList(['--password', ADMIN_PASSWORD]);
  expect(code).not.toBe(0);
  expect(stderr).toMatch(/CC_SECRET_ON_COMMAND_LINE|`ps` shows it to every user/);
  expect(stderr).toMatch(/CLASSCAST_SASL_PASSWORD, use --password-file FILE \(mode 0600\), or leave it out to be asked/);
  expect(stderr.trim().split('\n')).toHaveLength(1);
});

test('a 0600 password file logs in (flag or CLASSCAST_SASL_PASSWORD_FILE); a wrong one is the broker refusing', async () => {
  const good = passwordFile('admin.pw', `${ADMIN_PASSWORD}\n`, 0o600);
  expect(await classList(['--password-file', good])).toMatchObject({ code: 0 });
  expect(await classList([], { CLASSCAST_SASL_PASSWORD_FILE: good })).toMatchObject({ code: 0 });
  // The flag wins over a password in the environment, as every flag does.
  expect(await classList(['--password-file', good], { CLASSCAST_SASL_PASSWORD: 'stale' })).toMatchObject({ code: 0 });

  const wrong = passwordFile('wrong.pw', 'not-the-password', 0o600);
  const refused = await classList(['--password-file', wrong]);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/password/i);
  expect(refused.stderr).not.toContain('not-the-password');
});

test('a password file other users can read, a missing one and an empty one are each one clear line', async () => {
  const open = passwordFile('open.pw', ADMIN_PASSWORD, 0o644);
  const readable = await classList(['--password-file', open]);
  expect(readable.code).not.toBe(0);
  expect(readable.stderr).toContain(`can be read by other users (mode 644): run chmod 600 ${open}`);
  expect(readable.stderr).not.toContain(ADMIN_PASSWORD);

  expect((await classList(['--password-file', join(dir, 'missing.pw')])).stderr).toMatch(/cannot read the password file .*missing\.pw \(ENOENT\)/);
  expect((await classList(['--password-file', passwordFile('empty.pw', '\n', 0o600)])).stderr).toMatch(/is empty/);
});

test('on a terminal with no password given, it asks without echoing what is typed', async () => {
  // `script` gives the command a real pseudo-terminal, as a user's shell would.
  const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
  const command = `${process.execPath} ${bin} class list --brokers ${brokers} --username admin`;
  const env: NodeJS.ProcessEnv = { ...process.env, CLASSCAST_BROKERS: '' };
  delete env.CLASSCAST_SASL_PASSWORD;
  delete env.CLASSCAST_SASL_PASSWORD_FILE;
  const child = spawn('script', ['-qec', command, '/dev/null'], { env });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  let output = '';
  let typed = false;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (!typed && output.includes('Kafka password for admin:')) {
      typed = true;
      child.stdin.write(`${ADMIN_PASSWORD}\r`);
    }
  });
  const code = await new Promise<number>((resolve) => child.on('exit', (exit) => resolve(exit ?? -1)));
  clearTimeout(timer);
  child.stdin.destroy();
  expect(output).toContain('Kafka password for admin:');
  expect(output).not.toContain(ADMIN_PASSWORD);
  expect(code).toBe(0);
});
