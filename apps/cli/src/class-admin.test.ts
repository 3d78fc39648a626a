import { expect, inject, test } from 'vitest';
import { classcast } from './test-helpers.js';

const brokers = inject('kafkaBrokers').join(',');

async function run(...args: string[]): Promise<string> {
  const command = classcast([...args, '--brokers', brokers]);
  const code = await command.exit;
  if (code !== 0) throw new Error(`classcast ${args.join(' ')} exited ${code}: ${command.stderr}`);
  return command.stdout;
}

test('an admin creates, describes, alters and deletes a class from the command line', async () => {
  const classId = `cli-admin-${Date.now()}`;
  expect(await run('class', 'create', '--class', classId, '--partitions', '2', '--retention', '2d')).toMatch(`created class ${classId}`);
  expect(await run('class', 'list')).toContain(classId);
  await run('class', 'alter', '--class', classId, '--partitions', '3');
  await run('class', 'config', '--class', classId, '--retention', '12h');
  const described = await run('class', 'describe', '--class', classId);
  expect(described).toContain('retention.ms=43200000');
  expect(described).toContain('max.message.bytes=16777216');
  expect(described.match(/partition \d/g)).toHaveLength(3);
  expect(await run('students', '--class', classId)).toMatch(/nobody has joined/);
  await run('class', 'delete', '--class', classId);
});

test('a bad duration and an unknown class are one clear line each', async () => {
  const bad = classcast(['class', 'create', '--class', 'x', '--retention', 'forever', '--brokers', brokers]);
  expect(await bad.exit).not.toBe(0);
  expect(bad.stderr).toMatch(/"forever" is not a duration like 7d/);
  const missing = classcast(['class', 'describe', '--class', 'no-such-class', '--brokers', brokers]);
  expect(await missing.exit).toBe(1);
  expect(missing.stderr.trim()).toBe('classcast: class no-such-class does not exist (no topic classcast.no-such-class.frames)');
});
