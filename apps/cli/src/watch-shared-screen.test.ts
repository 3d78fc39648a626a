/**
 * `classcast watch` follows a student's screen on the class as every viewer does: the teacher
 * broadcasts (`classcast teach`), a student shares (`classcast share`), the teacher accepts and
 * takes it back, and the watching student's CLI writes the student's pictures in between, each
 * switch on a line of its own. Real broker, real processes, real sharp encoding.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, expect, inject, test, vi } from 'vitest';
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
  expect(await classcast(['share', 'accept', ...on, '--student', 'bea']).exit).toBe(0);
  await watcher.waitForOutput(/showing bea's screen/, 30_000);
  await classcast(['share', 'take-back', ...on, '--student', 'bea']).exit;
  await watcher.waitForOutput(/back to the teacher's screen/, 30_000);
  expect(await bea.exit).toBe(0);
  // The teacher's pictures come again after the switch back.
  const back = watcher.stderr.lastIndexOf("back to the teacher's screen");
  await vi.waitFor(() => expect(watcher.stderr.slice(back)).toMatch(/received [1-9]\d* pictures/), { timeout: 10_000, interval: 100 });
  watcher.kill('SIGINT');
  teacher.kill('SIGINT');
  expect(await watcher.exit).toBe(0);
  await teacher.exit;

  // The pictures written (each stream's under its own name): Bea's at her size, and the teacher's
  // again after hers.
  const written = await Promise.all(
    (await readdir(work)).map(async (file) => ({ file, at: (await stat(join(work, file))).mtimeMs, size: (await sharp(join(work, file)).metadata()).width })),
  );
  const beas = written.filter(({ file }) => file.startsWith('student-bea-'));
  expect(beas.length).toBeGreaterThan(0);
  expect(beas.every(({ size }) => size === 160)).toBe(true);
  const lastBea = Math.max(...beas.map(({ at }) => at));
  expect(written.some(({ file, at, size }) => file.startsWith('screen-0-') && at > lastBea && size === 320)).toBe(true);
});
