/**
 * Interop: the core lesson against an older Apache Kafka in ZooKeeper mode (3.7.2, the last line
 * before KRaft-only 4.0), next to the embedded 4.1.1 the other tests use. Class create, a CLI
 * teacher, a student there from the start and one who joins late and must get the current
 * picture at once, then replay and export: the same assertions as on 4.1.1.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { LEGACY_KAFKA_VERSION, startZooKeeperKafka, type ZooKeeperKafka } from '@classcast/broker';
import { readTestPatternCounter } from '@classcast/capture';
import { decodePicture } from '@classcast/codec';
import { classcast, classcastOk } from './test-helpers.js';

let legacy: ZooKeeperKafka | undefined;
let work = '';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'classcast-legacy-'));
  legacy = await startZooKeeperKafka();
}, 180_000);

afterAll(async () => {
  await legacy?.stop();
  await rm(work, { recursive: true, force: true });
});

async function pictures(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [])).filter((file) => /\.(jpg|png|webp)$/.test(file)).sort();
}

async function counters(dir: string): Promise<number[]> {
  const files = await pictures(dir);
  return Promise.all(files.map(async (file) => readTestPatternCounter(await decodePicture(await readFile(join(dir, file)))) ?? -1));
}

test(`Kafka ${LEGACY_KAFKA_VERSION} in ZooKeeper mode: create, teach, two students (one late), replay, export`, { timeout: 150_000 }, async () => {
  const brokers = legacy!.bootstrapServers.join(',');
  const ok = (args: string[]) => classcastOk(args, brokers);
  const classId = `legacy-${Date.now()}`;
  const frames = 60;
  const lessonStart = Date.now();

  await ok(['class', 'create', '--class', classId]);
  const adaDir = join(work, 'ada');
  const ada = classcast(['watch', '--brokers', brokers, '--class', classId, '--student', 'ada', '--out', adaDir, '--frames', String(frames)]);
  await ada.waitForOutput(/joined class/, 30_000);
  // The 1280x720 test pattern at ten pictures a second (as in lesson.test.ts): a keyframe first,
  // then tile deltas that build on it.
  const teacher = classcast(['teach', '--brokers', brokers, '--class', classId, '--source', 'test', '--fps', '10', '--frames', String(frames)]);

  // Mid-lesson, Bob joins: his first picture is the current one, composed from the keyframe and
  // the deltas after it, not an older picture and not one he had to wait for.
  await vi.waitFor(async () => expect((await pictures(adaDir)).length).toBeGreaterThanOrEqual(20), { timeout: 60_000, interval: 100 });
  const seenBeforeBob = (await pictures(adaDir)).length;
  const bobDir = join(work, 'bob');
  const bob = classcast(['watch', '--brokers', brokers, '--class', classId, '--student', 'bob', '--out', bobDir, '--frames', '1']);
  expect(await bob.exit).toBe(0);
  const seenWhenBobSaw = (await pictures(adaDir)).length;
  const [bobFirst] = await counters(bobDir);
  expect(bobFirst).toBeGreaterThanOrEqual(seenBeforeBob - 1);
  expect(bobFirst).toBeLessThanOrEqual(seenWhenBobSaw);

  expect(await teacher.exit).toBe(0);
  expect(teacher.stderr).toMatch(/broadcast ended after 60 pictures/);
  expect(Number(/(\d+) deltas/.exec(teacher.stderr)?.[1])).toBeGreaterThan(0);
  expect(await ada.exit).toBe(0);
  expect(ada.stderr).toMatch(/left class .* after 60 pictures \(0 skipped\)/);
  const everyPicture = Array.from({ length: frames }, (_, i) => i);
  expect(await counters(adaDir)).toEqual(everyPicture);

  const replayDir = join(work, 'replay');
  const from = new Date(lessonStart - 60_000).toISOString();
  // 60 pictures and the end; a slow machine may add a heartbeat or a refresh between them.
  expect(await ok(['replay', '--class', classId, '--from', from, '--out', replayDir])).toMatch(/replayed \d+ messages \(60 pictures\)/);
  expect(await counters(replayDir)).toEqual(everyPicture);
  const middleDir = join(work, 'middle');
  await ok(['replay', '--class', classId, '--partition', '0', '--offset', '30', '--to', '32', '--out', middleDir]);
  expect(await counters(middleDir)).toEqual([30, 31, 32]);

  const gif = join(work, 'lesson.gif');
  await ok(['export', '--class', classId, '--from', from, '--format', 'gif', '--out', gif, '--fps', '2']);
  const meta = await sharp(gif, { pages: -1 }).metadata();
  expect(meta.format).toBe('gif');
  expect(meta.width).toBe(1280);
  expect(meta.pages).toBeGreaterThanOrEqual(6); // two a second of a lesson of about 6 s
});
