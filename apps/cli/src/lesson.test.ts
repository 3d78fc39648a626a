/**
 * The spine, end to end with real processes: `classcast teach` broadcasts the test pattern
 * through the real broker and `classcast watch` writes what it receives; every file must be the
 * right picture (its counter read back from the pixels, and close to the rendered pattern).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, test } from 'vitest';
import { readTestPatternCounter, renderTestPattern } from '@classcast/capture';
import { decodePicture, psnr } from '@classcast/codec';
import { classcast, classcastOk } from './test-helpers.js';

const brokers = inject('kafkaBrokers').join(',');
const folders: string[] = [];

afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

test.each([
  ['whole pictures', ['--no-deltas']],
  ['tile deltas', []],
])('teach → Kafka → watch with %s: every frame arrives as an image file showing the right picture', async (_, extraFlags) => {
  const out = await mkdtemp(join(tmpdir(), 'classcast-watch-'));
  folders.push(out);
  const classId = `cli-${Date.now()}`;
  const frames = 20;
  // The student joins "live": it must be in the (empty) class before the lesson starts, or with
  // whole pictures it would rightly start at the newest one and never see the first.
  await classcastOk(['class', 'create', '--class', classId], brokers);
  const student = classcast(['watch', '--brokers', brokers, '--class', classId, '--student', 'ada', '--out', out, '--frames', String(frames)]);
  await student.waitForOutput(/joined class/, 30_000);
  const teacher = classcast([
    'teach',
    '--brokers',
    brokers,
    '--class',
    classId,
    '--source',
    'test',
    '--fps',
    '20',
    '--quality',
    '80',
    '--frames',
    String(frames),
    ...extraFlags,
  ]);
  expect(await teacher.exit).toBe(0);
  expect(await student.exit).toBe(0);
  expect(teacher.stderr).toMatch(/broadcast ended after 20 pictures/);
  const deltas = Number(/(\d+) deltas/.exec(teacher.stderr)?.[1]);
  if (extraFlags.length === 0) expect(deltas).toBeGreaterThan(15);
  else expect(deltas).toBe(0);
  expect(student.stderr).toMatch(/left class .* after 20 pictures \(0 skipped\)/);

  const files = (await readdir(out)).sort();
  // Named by sequence; the extension is the picture's codec (JPEG whole pictures, or lossless WebP keyframes and PNG deltas).
  expect(files.map((file) => file.replace(/\.(jpg|png|webp)$/, ''))).toEqual(
    Array.from({ length: frames }, (_, i) => `screen-0-${String(i).padStart(6, '0')}`),
  );
  for (const [sequence, file] of files.entries()) {
    const picture = await decodePicture(await readFile(join(out, file)));
    expect({ width: picture.width, height: picture.height }).toEqual({ width: 1280, height: 720 });
    expect(readTestPatternCounter(picture)).toBe(sequence);
    expect(psnr(renderTestPattern(sequence, 1280, 720), picture.data)).toBeGreaterThan(30);
  }
});

test('a wrong broker address is one clear line and a non-zero exit', async () => {
  const run = classcast(['watch', '--brokers', '127.0.0.1:1', '--class', 'nobody', '--student', 'ada']);
  expect(await run.exit).toBe(1);
  expect(run.stderr.trim()).toBe(
    'classcast: cannot reach Kafka at 127.0.0.1:1: is the broker running? (start one with "classcast broker up" or give --brokers host:port)',
  );
});

test('a bad flag is refused before anything starts', async () => {
  const run = classcast(['teach', '--class', 'c', '--fps', '500']);
  expect(await run.exit).not.toBe(0);
  expect(run.stderr).toMatch(/fps must be a number from 0.1 to 60/);
});
