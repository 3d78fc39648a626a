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

test('retention, a byte limit and min.insync are set, derived and shown by create, config and describe', async () => {
  const classId = `cli-retention-${Date.now()}`;
  await run('class', 'create', '--class', classId, '--retention', '1h', '--retention-bytes', '100M');
  expect(await run('class', 'config', '--class', classId, '--retention', '30m')).toBe(
    `class ${classId}: retention.ms=1800000 segment.ms=180000 retention.bytes=104857600 segment.bytes=16777216\n`,
  );
  const described = await run('class', 'describe', '--class', classId);
  expect(described).toContain('segment.ms=180000');
  expect(described).toContain('durability: min.insync.replicas=1 of 1 copies; frames keep flowing with 0 brokers down');
  expect(described).toMatch(/disk 0 B per hour of lesson, at the rate of the last 60 s \(0 frames\)/);
  for (const [flags, line] of [
    [['--min-insync', '2'], "classcast: min.insync.replicas 2 must be 1..1, the class's replication factor"],
    [['--retention-bytes', '1M'], 'classcast: retention bytes 1048576: at least two of the largest frames (2 × max.message.bytes = 33554432) must fit'],
  ] as const) {
    const refused = classcast(['class', 'config', '--class', classId, ...flags, '--brokers', brokers]);
    expect(await refused.exit).toBe(1);
    expect(refused.stderr.trim()).toBe(line);
  }
  const badSize = classcast(['class', 'create', '--class', 'x', '--retention-bytes', 'lots', '--brokers', brokers]);
  expect(await badSize.exit).not.toBe(0);
  expect(badSize.stderr).toMatch(/"lots" is not a size like 500M/);
  await run('class', 'delete', '--class', classId);
});

test('students prune removes nobody who left within the retention, and says so', async () => {
  const classId = `cli-prune-${Date.now()}`;
  await run('class', 'create', '--class', classId, '--retention', '2d');
  expect(await run('students', 'prune', '--class', classId, '--dry-run')).toBe(`would remove 0 student group(s) left more than 2d ago: -\nkept 0: -\n`);
  expect(await run('students', '--class', classId, '--student', 'ada')).toBe('ada gone\n');
  const missing = classcast(['students', 'prune', '--class', 'no-such-class', '--brokers', brokers]);
  expect(await missing.exit).toBe(1);
  expect(missing.stderr.trim()).toBe('classcast: class no-such-class does not exist (no topic classcast.no-such-class.frames)');
  await run('class', 'delete', '--class', classId);
});

test('students reset takes --class, --student and --to exactly as the README writes them; a bad --to names the forms', async () => {
  const classId = `cli-reset-${Date.now()}`;
  await run('class', 'create', '--class', classId);
  expect(await run('students', 'reset', '--class', classId, '--student', 'ada', '--to', 'earliest')).toBe(
    `student ada of class ${classId} now starts at earliest\n`,
  );
  const bad = classcast(['students', 'reset', '--class', classId, '--student', 'ada', '--to', 'yesterday', '--brokers', brokers]);
  expect(await bad.exit).toBe(1);
  expect(bad.stderr).toMatch(/"yesterday" is not earliest, latest or a time \(ISO 8601 like 2026-11-25T09:15, or -5m for five minutes ago\)/);
  await run('class', 'delete', '--class', classId);
});
