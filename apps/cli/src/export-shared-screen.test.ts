/**
 * `classcast export` of a lesson in which the teacher put a student's screen on the class: the
 * student's pictures (another size, sharp-encoded as the teacher's are) come out between the
 * accept and the take-back, in order; the mp4 keeps the lesson's size, the student's screen fitted in.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, expect, inject, test } from 'vitest';
import { createAnnotationWriter, createSharedScreenWriter, decideShare } from '@classcast/kafka';
import { uniqueClassId } from '@classcast/kafka/testing';
import { createTeacherStream } from '@classcast/stream/teacher';
import { classcastOk } from './test-helpers.js';

const brokers = inject('kafkaBrokers');
const connection = { brokers };
let work = '';
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** A screen of one colour whose shade moves every picture (so every picture is sent). */
function colourScreen(width: number, height: number, [r, g, b]: [number, number, number]) {
  let n = 0;
  return {
    async next() {
      n += 1;
      const data = Buffer.alloc(width * height * 4);
      for (let i = 0; i < data.length; i += 4) data.set([r, g, (b + n * 4) % 256, 255], i);
      return { data, width, height, pixelFormat: 'rgba' as const, capturedAt: Date.now() };
    },
  };
}

test("the export shows the student's screen while the teacher had put it on the class", { timeout: 120_000 }, async () => {
  const classId = uniqueClassId('export-shared');
  work = await mkdtemp(join(tmpdir(), 'classcast-export-shared-'));
  const from = new Date().toISOString();
  const encoder = { codec: 'jpeg' as const, quality: 90 };
  const teacher = createTeacherStream({
    source: colourScreen(320, 180, [200, 30, 30]),
    kafka: { connection, classId },
    fps: 10,
    maxFrames: 50,
    encoder,
    tileDeltas: false,
  });
  await teacher.open();
  const teaching = teacher.start();
  // The teacher's green line across the middle of the teacher's screen: burnt into the teacher's
  // pictures only, never over Bea's (viewers draw each stream's marks over that stream).
  const pen = createAnnotationWriter({ connection, classId });
  await pen.start();
  await pen.draw('screen-0', { type: 'stroke', id: 'line', tool: 'pen', color: '#00ff00', width: 0.1, points: [0, 0.5, 1, 0.5] });
  await pen.stop();
  await new Promise((resolve) => setTimeout(resolve, 1000));

  await decideShare({ connection, classId, student: 'bea', decision: 'accept' });
  const bea = createSharedScreenWriter({ connection, classId, student: 'bea' });
  await bea.start();
  const sharing = createTeacherStream({ source: colourScreen(160, 90, [30, 30, 200]), broadcaster: bea, fps: 10, maxFrames: 20, encoder, tileDeltas: false });
  await sharing.open();
  await sharing.start();
  await decideShare({ connection, classId, student: 'bea', decision: 'take-back' });
  await bea.stop();
  await teaching;

  const pngs = join(work, 'pngs');
  await classcastOk(['export', '--class', classId, '--from', from, '--format', 'png', '--out', pngs], brokers.join(','));
  const sizes: string[] = [];
  for (const file of (await readdir(pngs)).sort()) {
    const { width, height } = await sharp(join(pngs, file)).metadata();
    const size = `${width}x${height}`;
    if (sizes.at(-1) !== size) sizes.push(size);
  }
  // The teacher's, Bea's, the teacher's again: each run of pictures in the lesson's order.
  expect(sizes).toEqual(['320x180', '160x90', '320x180']);

  const video = join(work, 'lesson.mp4');
  await classcastOk(['export', '--class', classId, '--from', from, '--format', 'mp4', '--out', video, '--fps', '10'], brokers.join(','));
  const { stdout } = await promisify(execFile)('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    video,
  ]);
  expect(stdout.trim()).toBe('320,180');
  // A frame from the middle of Bea's share: her blue, fitted into the lesson's size (letterboxed).
  const { stdout: middle } = await promisify(execFile)(
    'ffmpeg',
    ['-v', 'error', '-ss', '2.0', '-i', video, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    {
      encoding: 'buffer',
      maxBuffer: 1 << 24,
    },
  );
  const centre = (90 * 320 + 160) * 3;
  expect(middle[centre + 2]).toBeGreaterThan(150);
  expect(middle[centre]).toBeLessThan(80);
  expect(middle[centre + 1]).toBeLessThan(80);
  // Near the end, the teacher's screen again, with the teacher's line.
  const { stdout: late } = await promisify(execFile)(
    'ffmpeg',
    ['-v', 'error', '-sseof', '-0.3', '-i', video, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    {
      encoding: 'buffer',
      maxBuffer: 1 << 24,
    },
  );
  expect(late[centre + 1]).toBeGreaterThan(150);
  expect(late[centre]).toBeLessThan(120);
});
