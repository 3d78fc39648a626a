/**
 * Issue 16, item 5, end to end: a real `classcast watch` student, a real `classcast teach`, and
 * a hostile producer (plain kafkajs, as kcat would) writing forged frames between the real ones:
 * a 31 KB PNG declaring 16000x16000 with a sequence far ahead, a year-9999 delta on a keyframe of
 * 1970, a heartbeat of 1970. The student skips them with the reason, keeps its memory, and goes
 * on with the lesson: no "topic replaced", no replay from the start.
 */
import { readFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { afterAll, expect, inject, test } from 'vitest';
import { encodeFrame, frameTopic, type Frame } from '@classcast/protocol';
import { forgedKeyFrame, pngBomb, validDeltaFrame } from '@classcast/protocol/testing';
import { classcast, classcastOk } from './test-helpers.js';
import { waitFor } from '../../../test-support/wait-for.js';

const brokers = inject('kafkaBrokers');
const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

const MB = 1024 * 1024;
const FAR_AHEAD = 2 ** 50;

/** Resident memory of a process, now and at its peak (VmHWM), in bytes. */
async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

test('forged frames between real ones: the command-line student skips them, stays small and goes on live', { timeout: 120_000 }, async () => {
  const out = await mkdtemp(join(tmpdir(), 'classcast-forged-'));
  folders.push(out);
  const classId = `forged-${Date.now()}`;
  await classcastOk(['class', 'create', '--class', classId], brokers.join(','));
  const student = classcast(['watch', '--brokers', brokers.join(','), '--class', classId, '--student', 'ada', '--out', out, '--frames', '40']);
  await student.waitForOutput(/joined class/, 30_000);
  const teacher = classcast(['teach', '--brokers', brokers.join(','), '--class', classId, '--source', 'test', '--fps', '10', '--frames', '60']);
  await waitFor(async () => (await readdir(out)).length >= 10, 30_000, 'ten pictures at the student');

  const producer = new Kafka({ clientId: 'forger', brokers, logLevel: 0 }).producer();
  await producer.connect();
  const forge = (frame: Frame) => {
    const message = encodeFrame(frame);
    // Kafka refuses message timestamps over an hour ahead: the lie is in the frame's own header.
    const timestamp = String(Math.min(frame.captureTime, Date.now()));
    return producer.send({ topic: frameTopic(classId), messages: [{ ...message, value: Buffer.from(message.value), timestamp }] });
  };
  const bomb = await pngBomb(16000, 16000);
  const before = await memoryOf(student.pid);
  const now = Date.now();
  await forge(forgedKeyFrame(bomb, 16000, 16000, 'png', { sequence: FAR_AHEAD, keySequence: FAR_AHEAD, captureTime: now, keyCaptureTime: now }));
  await forge(validDeltaFrame({ sequence: FAR_AHEAD + 1, keySequence: 0, keyCaptureTime: 0, captureTime: Date.UTC(9999, 11, 31) }));
  await forge({
    ...validDeltaFrame(),
    kind: 'heartbeat',
    sequence: FAR_AHEAD + 2,
    keySequence: 0,
    captureTime: 0,
    keyCaptureTime: 0,
    payload: new Uint8Array(0),
  });
  await producer.disconnect();

  let peak = before.peak;
  const sampler = setInterval(
    () =>
      void memoryOf(student.pid).then(
        (m) => (peak = Math.max(peak, m.peak)),
        () => undefined,
      ),
    50,
  );
  const exited = await Promise.race([student.exit, new Promise((resolve) => setTimeout(() => resolve('still running'), 40_000))]);
  clearInterval(sampler);
  if (exited === 'still running') console.log(student.stderr);
  expect(exited).toBe(0);
  expect(await teacher.exit).toBe(0);

  const grewMb = (peak - before.rss) / MB;
  console.log(
    `watch: rss ${(before.rss / MB).toFixed(0)} MB before the forged frames, peak ${(peak / MB).toFixed(0)} MB after (+${grewMb.toFixed(1)} MB); the PNG bomb was ${bomb.length} bytes`,
  );
  expect(grewMb).toBeLessThan(64);
  expect(student.stderr).toMatch(
    /skipped message at partition 0 offset \d+: keyframe \d+ is 16000x16000 by its frame header, more than the default limit of 3840x2160 \(8294400 pixels\)/,
  );
  expect(student.stderr).toMatch(/skipped message at partition 0 offset \d+: delta \d+ builds on keyframe 0/);
  expect(student.stderr).not.toMatch(/reconnecting|replaced/);
  expect(student.stderr).toMatch(/left class .* after 40 pictures \(2 skipped\)/);
  // Forty pictures of the teacher's, each once, in order: nothing replayed, nothing forged written.
  const sequences = (await readdir(out)).map((file) => Number(/screen-0-(\d+)\./.exec(file)![1])).sort((a, b) => a - b);
  expect(sequences).toHaveLength(40);
  expect(sequences.every((sequence) => sequence < 60)).toBe(true);

  // Replaying the lesson (the same compositor as record and export) skips them too, and finishes.
  const replayed = await mkdtemp(join(tmpdir(), 'classcast-forged-replay-'));
  folders.push(replayed);
  const replay = classcast(['replay', '--brokers', brokers.join(','), '--class', classId, '--offset', '0', '--out', replayed]);
  expect(await replay.exit).toBe(0);
  expect(replay.stderr).toMatch(/skipped message at partition 0 offset \d+: keyframe \d+ is 16000x16000 by its frame header/);
  expect(replay.stderr).toMatch(/replayed \d+ messages \(\d+ pictures\) of class/);
  expect((await readdir(replayed)).length).toBeGreaterThanOrEqual(59);
});
