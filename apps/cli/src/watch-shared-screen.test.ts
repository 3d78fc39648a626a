/**
 * `classcast watch` follows a student's screen on the class as every viewer does: the teacher
 * broadcasts (`classcast teach`), a student shares (`classcast share`), the teacher accepts and
 * takes it back, and the watching student's CLI writes the student's pictures in between, each
 * switch on a line of its own. Real broker, real processes, real sharp encoding.
 */
import { readdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, expect, inject, test } from 'vitest';
import { uniqueClassId } from '@classcast/kafka/testing';
import { classcast } from './test-helpers.js';

const brokers = inject('kafkaBrokers').join(',');
let work = '';
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test("classcast watch shows the accepted student's screen, and the teacher's again after the take-back", { timeout: 120_000 }, async () => {
  const classId = uniqueClassId('watch-shared');
  work = await mkdtemp(join(tmpdir(), 'classcast-watch-shared-'));
  const on = ['--class', classId, '--brokers', brokers];
  const teacher = classcast(['teach', ...on, '--source', 'test:320x180', '--fps', '4']);
  await teacher.waitForOutput(/teaching class/, 30_000);
  const watcher = classcast(['watch', ...on, '--student', 'ada', '--out', work]);
  await watcher.waitForOutput(/received [1-9]/, 30_000);

  const bea = classcast(['share', ...on, '--student', 'bea', '--source', 'test:160x90', '--fps', '4']);
  await bea.waitForOutput(/waiting for the teacher/, 30_000);
  expect((await classcast(['share', 'accept', ...on, '--student', 'bea']).exit)).toBe(0);
  await watcher.waitForOutput(/showing bea's screen/, 30_000);
  await classcast(['share', 'take-back', ...on, '--student', 'bea']).exit;
  await watcher.waitForOutput(/back to the teacher's screen/, 30_000);
  expect(await bea.exit).toBe(0);
  const before = watcher.stderr.length;
  await watcher.waitForOutput(/received [1-9]\d* pictures/, 10_000);
  expect(watcher.stderr.length).toBeGreaterThanOrEqual(before);
  watcher.kill('SIGINT');
  teacher.kill('SIGINT');
  expect(await watcher.exit).toBe(0);
  await teacher.exit;

  // The pictures written: the teacher's size, Bea's in between, the teacher's again.
  const sizes: string[] = [];
  for (const file of (await readdir(work)).sort()) {
    const { width, height } = await sharp(join(work, file)).metadata();
    if (sizes.at(-1) !== `${width}x${height}`) sizes.push(`${width}x${height}`);
  }
  expect(sizes).toEqual(['320x180', '160x90', '320x180']);
});
