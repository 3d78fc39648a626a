/**
 * The access commands as a user types them. ACLs themselves are tested against a secured broker
 * in @classcast/kafka (class-access.test.ts); here: usage mistakes and an open cluster are one line.
 */
import { Command } from 'commander';
import { expect, inject, test } from 'vitest';
import { registerAccessCommands } from './access.js';
import { addBrokerSecurityOptions, brokerSecurityFromFlags, type BrokerSecurityFlags } from './broker-security.js';

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

test('broker up --user name:password collects users, and needs --secure', async () => {
  const parse = (...args: string[]) => addBrokerSecurityOptions(new Command('up').exitOverride()).parse(args, { from: 'user' }).opts<BrokerSecurityFlags>();
  expect(parse('--secure', '--user', 'admin:s3cret', '--user', 'ada:pass:word').user).toEqual({ admin: 's3cret', ada: 'pass:word' });
  expect(() => parse('--user', 'ada')).toThrow(/"ada" is not name:password/);
  expect(() => parse('--user', 'ada:with,comma')).toThrow(/without spaces, commas, quotes or backslashes/);
  await expect(brokerSecurityFromFlags(parse('--user', 'ada:pw'))).rejects.toMatchObject({ code: 'CC_BAD_BROKER_FLAGS' });
  expect(await brokerSecurityFromFlags(parse())).toBeUndefined();
});
