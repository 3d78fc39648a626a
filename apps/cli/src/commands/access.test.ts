/**
 * The access commands as a user types them. ACLs themselves are tested against a secured broker
 * in @classcast/kafka (class-access.test.ts); here: usage mistakes and an open cluster are one line.
 */
import { Command } from 'commander';
import { expect, inject, test } from 'vitest';
import { registerAccessCommands } from './access.js';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addBrokerSecurityOptions, brokerSecurityFromFlags, readUsersFile, type BrokerSecurityFlags } from './broker-security.js';

async function run(...args: string[]): Promise<void> {
  const program = new Command('classcast').exitOverride();
  program.command('class');
  registerAccessCommands(program);
  await program.parseAsync(args, { from: 'user' });
}

test('grant needs exactly one of --teacher and --student, checked before connecting', async () => {
  const nowhere = ['--class', 'c', '--brokers', '127.0.0.1:1'];
  await expect(run('class', 'grant', ...nowhere)).rejects.toMatchObject({ code: 'CC_BAD_ACCESS_FLAGS' });
  await expect(run('class', 'revoke', ...nowhere, '--teacher', 't', '--student', 's')).rejects.toMatchObject({
    message: 'give exactly one of --teacher <user> or --student <user>',
  });
});

test('on a cluster without an authorizer, access says ACLs are off', async () => {
  await expect(run('class', 'access', '--class', 'c', '--brokers', inject('kafkaBrokers').join(','))).rejects.toMatchObject({ code: 'CC_ACLS_DISABLED' });
});

test('broker up takes users from a 0600 --users-file, never from a flag, and needs --secure', async () => {
  const parse = (...args: string[]) => addBrokerSecurityOptions(new Command('up').exitOverride()).parse(args, { from: 'user' }).opts<BrokerSecurityFlags>();
  expect(() => parse('--secure', '--user', 'admin:s3cret')).toThrow(/--user name:password puts a password where `ps` shows it to every user/);

  const dir = mkdtempSync(join(tmpdir(), 'classcast-users-'));
  try {
    const file = (name: string, text: string, mode = 0o600) => {
      writeFileSync(join(dir, name), text);
      chmodSync(join(dir, name), mode);
      return join(dir, name);
    };
    const users = file('users', '# the class\nadmin:s3cret\n\nada:pass:word\n');
    expect(readUsersFile(users)).toEqual({ admin: 's3cret', ada: 'pass:word' });
    expect(() => readUsersFile(file('open', 'admin:s3cret\n', 0o644))).toThrow(/can be read by other users \(mode 644\)/);
    expect(() => readUsersFile(file('bad', 'ada:with,comma\n'))).toThrow(/line 1 \(user "ada"\): .*without spaces, commas, quotes or backslashes/);
    expect(() => readUsersFile(file('bad', 'ada:with,comma\n'))).not.toThrow(/with,comma/);
    await expect(brokerSecurityFromFlags(parse('--users-file', users))).rejects.toMatchObject({ code: 'CC_BAD_BROKER_FLAGS' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(await brokerSecurityFromFlags(parse())).toBeUndefined();
});

test('broker up --oidc-issuer needs --secure and --oidc-audience, checked before any request', async () => {
  const parse = (...args: string[]) => addBrokerSecurityOptions(new Command('up').exitOverride()).parse(args, { from: 'user' }).opts<BrokerSecurityFlags>();
  // Port 1 is never asked: each mistake is found first.
  const issuer = ['--oidc-issuer', 'http://127.0.0.1:1'];
  await expect(brokerSecurityFromFlags(parse(...issuer, '--oidc-audience', 'classcast'))).rejects.toMatchObject({
    code: 'CC_BAD_BROKER_FLAGS',
    message: expect.stringContaining('--oidc-issuer needs --secure'),
  });
  await expect(brokerSecurityFromFlags(parse('--secure', ...issuer))).rejects.toMatchObject({
    message: expect.stringContaining('--oidc-issuer needs --oidc-audience <client-id>'),
  });
  await expect(brokerSecurityFromFlags(parse('--secure', ...issuer, '--oidc-audience', 'a,b'))).rejects.toMatchObject({ code: 'CC_BAD_BROKER_FLAGS' });
  await expect(brokerSecurityFromFlags(parse('--secure', '--oidc-audience', 'classcast'))).rejects.toMatchObject({
    message: '--oidc-audience and --oidc-principal-claim need --oidc-issuer',
  });
});
