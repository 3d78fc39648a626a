import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { replay } from '@classcast/kafka';
import { classcast, classcastOk } from './test-helpers.js';

const brokers = inject('kafkaBrokers').join(',');
const stamp = Date.now();
const patternClass = `export-${stamp}`;
const slidesClass = `slides-${stamp}`;
let work = '';
let from = '';
let lessonSeconds = 0;

const ok = (args: string[]) => classcastOk(args, brokers);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'classcast-export-'));
  from = new Date(Date.now() - 5000).toISOString();
  const slides = join(work, 'slides');
  await import('node:fs/promises').then((fs) => fs.mkdir(slides));
  for (const [i, colour] of ['#c03030', '#30a050', '#3050c0'].entries()) {
    await sharp({ create: { width: 320, height: 180, channels: 3, background: colour } })
      .png()
      .toFile(join(slides, `slide${i + 1}.png`));
  }
  await Promise.all([
    ok(['teach', '--class', patternClass, '--source', 'test:320x180', '--fps', '10', '--frames', '20', '--deltas']),
    // Three slides of half a second each; with tile deltas a still slide sends no picture, so
    // --frames 3 is the first slide and the two changes after it.
    ok(['teach', '--class', slidesClass, '--source', `folder:${slides}`, '--slide-seconds', '0.5', '--fps', '10', '--frames', '3', '--deltas']),
  ]);
  // The lesson lasted as long as the teacher took on this machine: measure it from Kafka.
  const captureTimes: number[] = [];
  await replay({
    connection: { brokers: brokers.split(',') },
    classId: patternClass,
    from: { time: 0 },
    onFrame: ({ frame }) => void (frame.kind !== 'end' && captureTimes.push(frame.captureTime)),
  });
  lessonSeconds = (captureTimes.at(-1)! - captureTimes[0]!) / 1000;
}, 90_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test('mp4: every picture, the lesson size, as long as the lesson', async () => {
  const out = join(work, 'lesson.mp4');
  expect(await ok(['export', '--class', patternClass, '--from', from, '--format', 'mp4', '--out', out, '--fps', '10'])).toMatch(/exported 20 pictures/);
  const { stdout } = await promisify(execFile)('ffprobe', [
    '-v',
    'error',
    '-count_frames',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height,nb_read_frames:format=duration',
    '-of',
    'json',
    out,
  ]);
  const probe = JSON.parse(stdout) as { streams: Array<{ width: number; height: number; nb_read_frames: string }>; format: { duration: string } };
  expect(probe.streams[0]).toMatchObject({ width: 320, height: 180 });
  // Each picture lasts until the next one: the video is as long as the lesson, plus the last frame.
  const expectedFrames = Math.round(lessonSeconds * 10) + 1;
  expect(Math.abs(Number(probe.streams[0]!.nb_read_frames) - expectedFrames)).toBeLessThanOrEqual(1);
  expect(Math.abs(Number(probe.format.duration) - expectedFrames / 10)).toBeLessThan(0.15);
});

test('gif: an animation of the lesson', async () => {
  const out = join(work, 'lesson.gif');
  await ok(['export', '--class', patternClass, '--from', from, '--format', 'gif', '--out', out, '--fps', '5']);
  const meta = await sharp(out, { pages: -1 }).metadata();
  expect(meta.format).toBe('gif');
  expect(meta.width).toBe(320);
  expect(Math.abs(meta.pages! - (Math.round(lessonSeconds * 5) + 1))).toBeLessThanOrEqual(1);
});

test('png: one file per picture', async () => {
  const out = join(work, 'pngs');
  await ok(['export', '--class', patternClass, '--from', from, '--format', 'png', '--out', out]);
  const files = await readdir(out);
  expect(files).toHaveLength(20);
  expect((await sharp(join(out, files[0]!)).metadata()).format).toBe('png');
});

test('pdf: one page per distinct slide', async () => {
  const out = join(work, 'slides.pdf');
  expect(await ok(['export', '--class', slidesClass, '--from', from, '--format', 'pdf', '--out', out])).toMatch(/as 3 slides/);
  const pdf = await PDFDocument.load(await readFile(out));
  expect(pdf.getPageCount()).toBe(3);
  expect(pdf.getPage(0).getSize()).toEqual({ width: 320, height: 180 });
});

test('an empty range is one clear line', async () => {
  const run = classcast([
    'export',
    '--class',
    patternClass,
    '--from',
    '2020-01-01T00:00:00Z',
    '--to',
    '2020-01-01T00:01:00Z',
    '--format',
    'mp4',
    '--out',
    join(work, 'none.mp4'),
    '--brokers',
    brokers,
  ]);
  expect(await run.exit).toBe(1);
  expect(run.stderr).toMatch(/classcast: no pictures in that time range/);
});

test('--out in a folder that does not exist yet: the folder is made, and progress shows as plain lines off a terminal', async () => {
  const out = join(work, 'new', 'deeper', 'lesson.gif');
  const stderr = await ok(['export', '--class', patternClass, '--from', from, '--format', 'gif', '--out', out, '--fps', '5']);
  expect((await stat(out)).size).toBeGreaterThan(0);
  expect(stderr).toMatch(new RegExp(`^reading class ${patternClass}: \\d+ of \\d+ messages$`, 'm'));
  expect(stderr).toMatch(/^encoding the gif: \d+ of \d+ video frames$/m);
  expect(stderr).not.toMatch(/\[[█░]+\]/);
});

test('--out where a file stands in the way of its folder is one line saying so', async () => {
  const file = join(work, 'a-file');
  await writeFile(file, 'not a folder');
  const run = classcast(['export', '--class', patternClass, '--from', from, '--format', 'mp4', '--out', join(file, 'lesson.mp4'), '--brokers', brokers]);
  expect(await run.exit).toBe(1);
  expect(run.stderr.trim().split('\n').at(-1)).toBe(`classcast: cannot create the folder ${file} for --out (a file is in the way): give another --out`);
});

test('Ctrl-C mid-export leaves no partial file', async () => {
  const out = join(work, 'stopped.mp4');
  const run = classcast(['export', '--class', patternClass, '--from', from, '--format', 'mp4', '--out', out, '--fps', '60', '--brokers', brokers]);
  await run.waitForOutput(/reading class/, 30_000);
  run.kill('SIGINT');
  expect(await run.exit).toBe(130);
  expect(run.stderr).toMatch(`export stopped: removed the partial ${out}`);
  await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
});
