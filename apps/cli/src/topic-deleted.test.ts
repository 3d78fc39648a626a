/**
 * `classcast teach` and `classcast watch` while an admin runs `classcast class delete` on the class
 * mid-lesson, all three as a user runs them: the teacher prints one clear line and goes on, the
 * student says it is reconnecting, comes back live, and every picture it writes is the test
 * pattern the teacher captured, in order.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { readTestPatternCounter } from '@classcast/capture';
import { decodePicture } from '@classcast/codec';
import { frameTopic, pause } from '@classcast/protocol';
import { classcast, classcastOk } from './test-helpers.js';
import { waitFor } from '../../../test-support/wait-for.js';

const brokers = inject('kafkaBrokers').join(',');
const classId = `gone-${Date.now()}`;
let work = '';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'classcast-deleted-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test('a class deleted mid-lesson: teach prints one line and goes on, watch reconnects and writes the right pictures', async () => {
  const out = join(work, 'frames');
  const teach = classcast(['teach', '--brokers', brokers, '--class', classId, '--source', 'test:320x180', '--fps', '10', '--frames', '1200']);
  await teach.waitForOutput(/teaching class/, 60_000);
  // The student watches until the test has seen it come back (Ctrl-C), not for a number of
  // pictures that a slow machine could reach before the class is even deleted.
  const student = classcast(['watch', '--brokers', brokers, '--class', classId, '--student', 'ada', '--out', out]);
  await student.waitForOutput(/joined class/, 60_000);
  await pause(2000);

  await classcastOk(['class', 'delete', '--class', classId], brokers);
  await teach.waitForOutput(/was deleted/, 60_000);
  await student.waitForOutput(/live again/, 60_000).catch((error: Error) => {
    throw new Error(`${error.message}\nteach stderr:\n${teach.stderr}`);
  });
  const writtenWhenBack = (await readdir(out)).length;
  await waitFor(async () => (await readdir(out)).length >= writtenWhenBack + 20, 30_000, '20 pictures from the recreated topic');
  student.kill('SIGINT');
  teach.kill('SIGINT');
  expect(await student.exit).toBe(0);
  expect(await teach.exit).toBe(0);

  // The only error line the teacher sees.
  const errorLines = teach.stderr.split('\n').filter((line) => line.startsWith('classcast:'));
  expect(errorLines).toEqual([
    `classcast: the class topic ${frameTopic(classId)} was deleted during the lesson; it was created again and the broadcast goes on (what was sent before is gone from the recording)`,
  ]);
  expect(teach.stderr).toMatch(/broadcast ended after \d+ pictures/);
  expect(student.stderr).toMatch(/reconnecting: .*classcast\..*\.frames/);
  const files = (await readdir(out)).sort();
  expect(student.stderr).toMatch(new RegExp(`left class .* after ${files.length} pictures \\(0 skipped\\)`));

  // Every picture written shows the test pattern, its counters rising with the sequence numbers.
  const counters: number[] = [];
  for (const file of files) counters.push(readTestPatternCounter(await decodePicture(await readFile(join(out, file))))!);
  expect(counters.every((counter, i) => Number.isInteger(counter) && (i === 0 || counter > counters[i - 1]!))).toBe(true);
}, 180_000);
