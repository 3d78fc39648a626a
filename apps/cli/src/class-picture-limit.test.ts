/**
 * The picture-size limit as a class setting, end to end with the real `classcast` and a real
 * broker: the admin sets 640x360 at `class create`, `class describe` shows it, and the viewers
 * (watch, replay) read it when they start: a 1280x720 keyframe is skipped with the reason naming
 * the class's limit, a 320x240 one is shown. After `class config` raises it, a new viewer shows both.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { afterAll, expect, inject, test } from 'vitest';
import { solidKeyFrame } from '@classcast/codec/testing';
import { encodeFrame, frameTopic } from '@classcast/protocol';
import { classcast, type Run } from './test-helpers.js';

const brokers = inject('kafkaBrokers').join(',');
const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function succeeded(run: Run): Promise<string> {
  const code = await run.exit;
  if (code !== 0) throw new Error(`classcast exited ${code}: ${run.stderr}`);
  return run.stdout;
}

async function tempFolder(label: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), `classcast-${label}-`));
  folders.push(folder);
  return folder;
}

test('the class limit is set by the admin, shown by describe, and obeyed by every viewer as it starts', { timeout: 120_000 }, async () => {
  const classId = `limited-${Date.now()}`;
  const create = classcast(['class', 'create', '--class', classId, '--max-picture', '640x360', '--brokers', brokers]);
  expect(await succeeded(create)).toMatch(`class ${classId}: max-picture=640x360`);
  const describe = classcast(['class', 'describe', '--class', classId, '--brokers', brokers]);
  expect(await succeeded(describe)).toMatch('max-picture=640x360 (230400 pixels): viewers skip larger pictures');

  const watched = await tempFolder('limit-watch');
  const student = classcast(['watch', '--brokers', brokers, '--class', classId, '--student', 'ada', '--out', watched, '--frames', '1']);
  await student.waitForOutput(/joined class/, 30_000);
  const producer = new Kafka({ clientId: 'limit-test', brokers: brokers.split(','), logLevel: 0 }).producer();
  await producer.connect();
  for (const frame of [await solidKeyFrame(1280, 720, 1), await solidKeyFrame(320, 240, 2)]) {
    const message = encodeFrame(frame);
    await producer.send({ topic: frameTopic(classId), messages: [{ ...message, value: Buffer.from(message.value) }] });
  }
  await producer.disconnect();
  expect(await student.exit).toBe(0);
  const refusal =
    /skipped message at partition 0 offset \d+: keyframe 1 is 1280x720 by its frame header, more than the class's limit of 640x360 \(230400 pixels\)/;
  expect(student.stderr).toMatch(refusal);
  expect(student.stderr).toMatch(/after 1 pictures \(1 skipped\)/);
  expect(await readdir(watched)).toEqual(['screen-0-000002.jpg']);

  // replay builds its compositor the same way (as record and export do).
  const replayed = await tempFolder('limit-replay');
  const replay = classcast(['replay', '--brokers', brokers, '--class', classId, '--offset', '0', '--out', replayed]);
  expect(await replay.exit).toBe(0);
  expect(replay.stderr).toMatch(refusal);
  expect(await readdir(replayed)).toEqual(['screen-0-000002.jpg']);

  // Raised by the admin: the next viewer to start reads the new limit.
  const config = classcast(['class', 'config', '--class', classId, '--max-picture', '1280x720', '--brokers', brokers]);
  expect(await succeeded(config)).toMatch(`class ${classId}: max-picture=1280x720`);
  const again = await tempFolder('limit-replay-raised');
  const raised = classcast(['replay', '--brokers', brokers, '--class', classId, '--offset', '0', '--out', again]);
  expect(await raised.exit).toBe(0);
  expect((await readdir(again)).sort()).toEqual(['screen-0-000001.jpg', 'screen-0-000002.jpg']);

  // No setting beyond what the frame format can carry.
  const tooLarge = classcast(['class', 'config', '--class', classId, '--max-picture', '20000x100', '--brokers', brokers]);
  expect(await tooLarge.exit).not.toBe(0);
  expect(tooLarge.stderr).toMatch(/20000x100 is larger than the frame format allows \(16384x16384\)/);
});
