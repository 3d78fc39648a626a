/**
 * Bad input tried for real: foreign and corrupt messages written to a class topic with kcat (a
 * standard Kafka tool), a truncated picture and absurd dimensions behind valid-looking headers.
 * The student skips and counts what it cannot draw, and keeps going.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { readTestPatternCounter } from '@classcast/capture';
import { createEncoder, decodePicture } from '@classcast/codec';
import { frameTopic } from '@classcast/protocol';
import { classcast, classcastOk } from './test-helpers.js';

const brokers = inject('kafkaBrokers').join(',');
const classId = `bad-${Date.now()}`;
let work = '';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'classcast-bad-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Writes one message to the class topic with kcat: a file's bytes, a key and headers. */
async function kcat(value: Buffer, headers: Record<string, string>): Promise<void> {
  const file = join(work, `message-${Math.random()}`);
  await writeFile(file, value);
  const headerArgs = Object.entries(headers).flatMap(([name, text]) => ['-H', `${name}=${text}`]);
  await promisify(execFile)('kcat', ['-P', '-b', brokers, '-t', frameTopic(classId), '-k', 'screen-0', ...headerArgs, file]);
}

function headersFor(sequence: number, width: number, height: number): Record<string, string> {
  const now = String(Date.now());
  return {
    'cc.v': '1',
    'cc.kind': 'key',
    'cc.codec': 'jpeg',
    'cc.w': String(width),
    'cc.h': String(height),
    'cc.seq': String(sequence),
    'cc.ts': now,
    'cc.kseq': String(sequence),
    'cc.kts': now,
  };
}

test('a student skips foreign, corrupt, truncated and lying messages, counts them, and keeps watching', async () => {
  const out = join(work, 'frames');
  // The student joins the empty class before the first lesson: joining after it (or mid-way)
  // would rightly start from its newest picture, and the count below would not add up.
  await classcastOk(['class', 'create', '--class', classId], brokers);
  // --stay: the student watches both lessons below, across the first one's end.
  const student = classcast(['watch', '--brokers', brokers, '--class', classId, '--student', 'ada', '--out', out, '--frames', '4', '--stay']);
  await student.waitForOutput(/joined class/, 30_000);
  const teach = (frames: number) =>
    classcast(['teach', '--brokers', brokers, '--class', classId, '--source', 'test:320x180', '--fps', '20', '--frames', String(frames)]);
  expect(await teach(2).exit).toBe(0);

  const good = (
    await createEncoder({ quality: 80 }).encode({
      data: Buffer.alloc(320 * 180 * 4, 128),
      width: 320,
      height: 180,
      pixelFormat: 'rgba',
      capturedAt: Date.now(),
    })
  ).bytes;
  await kcat(Buffer.from('{"event":"not a frame at all"}'), {});
  await kcat(good.subarray(0, good.length / 3), headersFor(100, 320, 180)); // truncated picture
  await kcat(good, headersFor(101, 16000, 16000)); // absurd dimensions behind a real picture
  await kcat(good, { ...headersFor(102, 320, 180), 'cc.v': '9' }); // a future format version

  expect(await teach(2).exit).toBe(0);
  await student.waitForOutput(/left class/, 60_000); // on failure, shows what the student saw
  expect(await student.exit).toBe(0);
  expect(student.stderr).toMatch(/left class .* after 4 pictures \(4 skipped\)/);
  expect(student.stderr).toMatch(/not a classcast frame/);
  // Refused by its frame header before the picture is even looked at (issue 16: 4K by default).
  expect(student.stderr).toMatch(/keyframe 101 is 16000x16000 by its frame header, more than the default limit of 3840x2160 \(8294400 pixels\)/);
  expect(student.stderr).toMatch(/version "9" is not supported/);
  const files = (await readdir(out)).sort();
  expect(files).toHaveLength(4);
  for (const file of files) expect(readTestPatternCounter(await decodePicture(await readFile(join(out, file))))).toBeDefined();
}, 180_000);
