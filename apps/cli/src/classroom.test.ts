/**
 * `classcast classroom` (what `npm start` runs) as a newcomer meets it: every other command finds
 * its broker with no flags, Ctrl-C ends the lesson for the students and says where it is kept,
 * and the lesson can be replayed after the classroom is gone.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { brokerDown } from '@classcast/broker';
import { pollUntil } from '@classcast/protocol';
import { studentLink } from './commands/classroom.js';
import { classcast, type Run } from './test-helpers.js';

test('the printed student link fills in the class', () => {
  expect(studentLink('http://127.0.0.1:8080/', 'demo')).toBe('http://127.0.0.1:8080/?class=demo');
  expect(studentLink('http://192.168.1.20:8080/', 'physics 7b')).toBe('http://192.168.1.20:8080/?class=physics+7b');
});

let runDir: string;
let pictures: string;
/** Where this test's embedded broker is recorded: its own, never the user's. */
const env = () => ({ CLASSCAST_RUN_DIR: runDir });
const finished = async (run: Run) => ({ code: await run.exit, stdout: run.stdout, stderr: run.stderr });

beforeAll(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'classcast-classroom-'));
  pictures = await mkdtemp(join(tmpdir(), 'classcast-classroom-replay-'));
});
afterAll(async () => {
  await brokerDown({ stateDir: runDir, removeData: true, timeoutMs: 2000 });
  await rm(runDir, { recursive: true, force: true });
  await rm(pictures, { recursive: true, force: true });
});

test('classroom: commands find its broker, Ctrl-C ends the lesson for the students, and the lesson is kept', { timeout: 240_000 }, async () => {
  const classroom = classcast(['classroom', '--port', '0', '--source', 'test', '--fps', '5', '--class', 'lesson'], env());
  await classroom.waitForOutput(/Press Ctrl-C/, 120_000);
  expect(classroom.stderr).toMatch(/or watch with\s+npx classcast watch --class lesson --student bob/);
  expect(classroom.stderr).toMatch(/open classroom: anyone on this network may watch, under any name, over plain HTTP/);
  expect(classroom.stderr).toMatch(/npm start -- --secure/);

  // No --brokers anywhere: the classroom's broker is recorded as `broker up` records it.
  const status = await finished(classcast(['broker', 'status'], env()));
  expect(status.code, status.stdout).toBe(0);
  const student = classcast(['watch', '--class', 'lesson', '--student', 'bob'], env());
  await student.waitForOutput(/received [1-9]\d* pictures/, 30_000);
  const announced = await finished(classcast(['announce', '--class', 'lesson', 'eyes on the board'], env()));
  expect(announced.code, announced.stderr).toBe(0);
  await pollUntil(() => student.stdout.includes('announcement: eyes on the board'), { intervalMs: 100, timeoutMs: 20_000 });

  classroom.kill('SIGINT');
  const ended = await finished(classroom);
  expect(ended.code, ended.stderr).toBe(0);
  expect(ended.stderr).toMatch(/the lesson has ended: \d+ pictures sent to class "lesson"; the students were told/);
  expect(ended.stderr).toContain(`kept with the embedded broker's data in ${runDir}`);
  expect(ended.stderr).toMatch(/classcast broker up[^\n]*\n\s+classcast replay --class lesson --from -1h/);
  // The command-line student is told, and leaves with one line and exit 0.
  const left = await finished(student);
  expect(left.code, left.stderr).toBe(0);
  expect(left.stderr).toMatch(/the lesson has ended: left class lesson after [1-9]\d* pictures/);
  expect(left.stdout).toContain('announcement: eyes on the board');
  // The broker this classroom started is stopped with it.
  expect((await finished(classcast(['broker', 'status'], env()))).code).toBe(3);

  // The lesson is still there: bring the broker back and replay it, as the classroom printed.
  expect((await finished(classcast(['broker', 'up'], env()))).code).toBe(0);
  const replayed = await finished(classcast(['replay', '--class', 'lesson', '--from', '-1h', '--out', pictures], env()));
  expect(replayed.code, replayed.stderr).toBe(0);
  expect((await readdir(pictures)).length).toBeGreaterThan(3);
});
