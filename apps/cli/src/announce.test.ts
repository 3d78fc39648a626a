/**
 * `classcast announce` → the class's announcement topic → `classcast watch` prints it, with real
 * processes and the real broker: a notice made just before joining shows (the current one), and
 * one made while watching shows as it is made.
 */
import { expect, inject, test } from 'vitest';
import { classcast, classcastOk } from './test-helpers.js';
import { waitFor } from '../../../test-support/wait-for.js';

const brokers = inject('kafkaBrokers').join(',');

function waitForStdout(run: ReturnType<typeof classcast>, pattern: RegExp, timeoutMs: number): Promise<true> {
  return waitFor(
    () => pattern.test(run.stdout),
    timeoutMs,
    () => `${pattern} on stdout; stdout:\n${run.stdout}\nstderr:\n${run.stderr}`,
  );
}

test('announce → watch: the current notice and new ones print as "announcement:" lines', async () => {
  const classId = `cli-announce-${Date.now()}`;
  await classcastOk(['class', 'create', '--class', classId], brokers);
  expect(await classcastOk(['announce', '--class', classId, 'Open the worksheet on page 42'], brokers)).toMatch(
    new RegExp(`announced to class ${classId} \\(offset 0\\): Open the worksheet on page 42`),
  );
  const student = classcast(['watch', '--brokers', brokers, '--class', classId, '--student', 'ada', '--frames', '1']);
  await student.waitForOutput(/joined class/, 30_000);
  await waitForStdout(student, /announcement: Open the worksheet on page 42\n/, 20_000);

  await classcastOk(['announce', '--class', classId, 'Quiz in 5 minutes – no phones'], brokers);
  await waitForStdout(student, /announcement: Quiz in 5 minutes – no phones\n/, 20_000);

  // The student leaves after one picture from the teacher.
  expect(await classcast(['teach', '--brokers', brokers, '--class', classId, '--source', 'test', '--fps', '5', '--frames', '3']).exit).toBe(0);
  expect(await student.exit).toBe(0);
  expect(student.stdout).toBe('announcement: Open the worksheet on page 42\nannouncement: Quiz in 5 minutes – no phones\n');
});

test('an empty or binary-looking announcement is refused with one line and nothing is written', async () => {
  const empty = classcast(['announce', '--brokers', brokers, '--class', 'c1', '   ']);
  expect(await empty.exit).toBe(1);
  expect(empty.stderr.trim()).toBe('classcast: cannot announce: empty announcement');
  const long = classcast(['announce', '--brokers', brokers, '--class', 'c1', 'x'.repeat(501)]);
  expect(await long.exit).toBe(1);
  expect(long.stderr.trim()).toBe('classcast: cannot announce: announcement is longer than 500 characters');
});

test('a notice to a class that does not exist is refused in one line, and creates nothing', async () => {
  const classId = `no-such-class-${Date.now()}`;
  const run = classcast(['announce', '--brokers', brokers, '--class', classId, 'Hello?']);
  expect(await run.exit).toBe(1);
  expect(run.stderr.trim()).toBe(
    `classcast: class ${classId} does not exist (no teacher has broadcast to it, and no admin created it): check --class, or create it with "classcast class create --class ${classId}"`,
  );
  const list = classcast(['class', 'list', '--brokers', brokers]);
  await list.exit;
  expect(list.stdout).not.toContain(classId);
});

test('announce --eyes-on-me: a watching student prints "eyes on me"; one who joins after it does not; a notice and --eyes-on-me together are refused', async () => {
  const classId = `cli-eyes-${Date.now()}`;
  await classcastOk(['class', 'create', '--class', classId], brokers);
  await classcastOk(['announce', '--class', classId, 'Welcome'], brokers);
  const early = classcast(['watch', '--brokers', brokers, '--class', classId, '--student', 'ada', '--frames', '1']);
  await waitForStdout(early, /announcement: Welcome\n/, 30_000);
  expect(await classcastOk(['announce', '--class', classId, '--eyes-on-me'], brokers)).toMatch(
    new RegExp(`asked class ${classId} to look \\(offset 1\\): every student goes back to live`),
  );
  await waitForStdout(early, /eyes on me\n/, 20_000);

  const late = classcast(['watch', '--brokers', brokers, '--class', classId, '--student', 'bob', '--frames', '1']);
  await waitForStdout(late, /announcement: Welcome\n/, 30_000);
  expect(await classcast(['teach', '--brokers', brokers, '--class', classId, '--source', 'test', '--fps', '5', '--frames', '3']).exit).toBe(0);
  expect(await late.exit).toBe(0);
  expect(await early.exit).toBe(0);
  expect(late.stdout).toBe('announcement: Welcome\n');
  expect(early.stdout).toBe('announcement: Welcome\neyes on me\n');

  const both = classcast(['announce', '--brokers', brokers, '--class', classId, '--eyes-on-me', 'Look']);
  expect(await both.exit).toBe(1);
  expect(both.stderr.trim()).toBe('classcast: give the notice to announce, or --eyes-on-me (not both)');
});
