import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { readTestPatternCounter } from '@classcast/capture';
import { decodePicture } from '@classcast/codec';
import { classcastOk } from './test-helpers.js';

const brokers = inject('kafkaBrokers').join(',');
const classId = `rec-${Date.now()}`;
const folders: string[] = [];
let lessonStart = 0;

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'classcast-rec-'));
  folders.push(dir);
  return dir;
}

const ok = (args: string[]) => classcastOk(args, brokers);

beforeAll(async () => {
  lessonStart = Date.now();
  // A 12-frame lesson with tile deltas: most pictures are deltas the recorder must compose.
  await ok(['teach', '--class', classId, '--source', 'test:320x180', '--fps', '10', '--frames', '12', '--deltas']);
}, 60_000);

afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function counters(dir: string): Promise<number[]> {
  const files = (await readdir(dir)).filter((f) => /\.(jpg|png|webp)$/.test(f)).sort();
  return Promise.all(files.map(async (f) => readTestPatternCounter(await decodePicture(await readFile(join(dir, f)))) ?? -1));
}

test('a recorder stopped mid-lesson resumes from its committed offset and writes no picture twice', async () => {
  const out = await folder();
  const first = await ok(['record', '--class', classId, '--out', out, '--frames', '5']);
  expect(first).toMatch(/recorded 5 pictures/);
  const second = await ok(['record', '--class', classId, '--out', out, '--frames', '7']);
  expect(second).toMatch(/recorded 7 pictures/);
  // 5 + 7 writes for 12 frames, and every picture shows its own frame number.
  expect(await counters(out)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});

test('replay from a time writes the pictures from there to the end of the lesson', async () => {
  const out = await folder();
  const stderr = await ok(['replay', '--class', classId, '--from', new Date(lessonStart - 60_000).toISOString(), '--out', out]);
  expect(stderr).toMatch(/replayed 13 messages \(12 pictures\)/); // and the end message
  expect(await counters(out)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});

test('replay from an offset in the middle composes the right picture first', async () => {
  const out = await folder();
  await ok(['replay', '--class', classId, '--partition', '0', '--offset', '7', '--to', '9', '--out', out]);
  expect(await counters(out)).toEqual([7, 8, 9]);
});
