/**
 * The standard Kafka tools on classcast topics, with the commands of docs/KAFKA-TOOLS.md run as
 * written (bash, the real broker, kcat, and Kafka's own tools through `classcast kafka-tool`):
 * the consumer-group tool's LAG equals what `classcast students` says for a student who left
 * mid-lesson, and kcat and the console consumer each dump a keyframe that opens as the picture
 * the teacher sent.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { readTestPatternCounter } from '@classcast/capture';
import { decodePicture } from '@classcast/codec';
import { createAnnouncementReader, readAnnotationBoards } from '@classcast/kafka';
import { frameTopic, studentGroupId } from '@classcast/protocol';
import { classcast, classcastOk } from './test-helpers.js';
import { waitFor } from '../../../test-support/wait-for.js';

const brokers = inject('kafkaBrokers').join(',');
const DOC = fileURLToPath(new URL('../../../docs/KAFKA-TOOLS.md', import.meta.url));
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const classId = `tools-${Date.now()}`;
let work: string;
let blocks: Map<string, string>;
let sent = 0;

/** The doc's shell blocks marked `<!-- test: name -->`, by name. */
async function documentedCommands(): Promise<Map<string, string>> {
  const text = await readFile(DOC, 'utf8');
  return new Map([...text.matchAll(/<!-- test: ([\w-]+) -->\n```sh\n([\s\S]*?)```/g)].map((match) => [match[1]!, match[2]!]));
}

/**
 * Runs documented blocks one after the other in one bash (as typed into one shell), with the doc's
 * variables set and `classcast` on PATH as the built CLI.
 */
async function runDocumented(names: string[], then = ''): Promise<{ stdout: string; stderr: string }> {
  const script = names
    .map((name) => {
      const block = blocks.get(name);
      if (!block) throw new Error(`docs/KAFKA-TOOLS.md has no block marked <!-- test: ${name} -->`);
      return block;
    })
    .concat(then)
    .join('\n');
  const env = { ...process.env, PATH: `${work}:${process.env.PATH}`, BROKERS: brokers, CLASS: classId, STUDENT: 'ada', CLASSCAST_BROKERS: '' };
  return promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], { cwd: work, env, maxBuffer: 64 * 1024 * 1024 });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'classcast-kafka-tools-'));
  await writeFile(join(work, 'classcast'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  await chmod(join(work, 'classcast'), 0o755);
  blocks = await documentedCommands();

  // A lesson that ada leaves after 3 pictures: the rest of it is her lag.
  await classcastOk(['class', 'create', '--class', classId], brokers);
  const student = classcast(['watch', '--brokers', brokers, '--class', classId, '--student', 'ada', '--frames', '3']);
  await student.waitForOutput(/joined class/, 30_000);
  const teacher = classcast(['teach', '--brokers', brokers, '--class', classId, '--source', 'test', '--fps', '5', '--frames', '15']);
  expect(await teacher.exit).toBe(0);
  expect(await student.exit).toBe(0);
  sent = Number(/broadcast ended after (\d+) pictures/.exec(teacher.stderr)?.[1]);
  expect(Number(/(\d+) deltas/.exec(teacher.stderr)?.[1])).toBeGreaterThan(0);
}, 120_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test('the consumer-group tool lists the student group with the same lag as `classcast students`', async () => {
  const { stdout } = await runDocumented(['consumer-groups']);
  const row = stdout.split('\n').find((line) => line.startsWith(`${studentGroupId(classId, 'ada')} `));
  expect(row, stdout).toBeDefined();
  // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
  const [group, topic, partition, current, end, lag] = row!.split(/\s+/);
  expect({ group, topic, partition }).toEqual({ group: studentGroupId(classId, 'ada'), topic: frameTopic(classId), partition: '0' });
  expect(Number(end) - Number(current)).toBe(Number(lag));
  expect(Number(lag)).toBeGreaterThan(0);

  const students = classcast(['students', '--brokers', brokers, '--class', classId]);
  expect(await students.exit).toBe(0);
  const ours = /^ada\s+left\s+lag (\d+) frames$/m.exec(students.stdout);
  expect(ours, students.stdout).not.toBeNull();
  expect(Number(ours![1])).toBe(Number(lag));
  expect(sent).toBe(15);
}, 60_000);

test('kcat and the console consumer each dump the newest keyframe as an image file showing its picture', async () => {
  const offset = Number((await runDocumented(['kcat', 'console-consumer'], 'echo "$OFFSET"')).stdout.trim());
  // The lesson is tile deltas between keyframes, so the newest keyframe is not the newest message;
  // the class topic was empty before, so picture n (its counter n) is at offset n.
  expect(offset).toBeGreaterThanOrEqual(0);
  expect(offset).toBeLessThanOrEqual(14);
  const kcatPicture = await decodePicture(await readFile(join(work, 'keyframe-kcat.webp')));
  expect({ width: kcatPicture.width, height: kcatPicture.height }).toEqual({ width: 1280, height: 720 });
  expect(readTestPatternCounter(kcatPicture)).toBe(offset);

  const consoleBytes = await readFile(join(work, 'keyframe-console.webp'));
  // The same bytes as kcat's: the console consumer wrote no line separator after the value.
  expect(consoleBytes.equals(await readFile(join(work, 'keyframe-kcat.webp')))).toBe(true);
  expect(readTestPatternCounter(await decodePicture(consoleBytes))).toBe(offset);
}, 90_000);

test('a console producer makes an announcement that a student reads', async () => {
  const shown: string[] = [];
  await runDocumented(['announcement-topic']);
  const reader = createAnnouncementReader({ connection: { brokers: brokers.split(',') }, classId, onAnnouncement: ({ text }) => shown.push(text) });
  try {
    await reader.start();
    await runDocumented(['console-producer']);
    await waitFor(() => shown.length > 0, 20_000, 'the announcement at the reader');
    expect(shown).toEqual(['Quiz in 5 minutes']);
  } finally {
    await reader.stop();
  }
}, 90_000);

test('a console producer with headers sends "eyes on me", which a student who joined before hears', async () => {
  const shown: string[] = [];
  const eyes: number[] = [];
  await runDocumented(['announcement-topic']);
  const reader = createAnnouncementReader({
    connection: { brokers: brokers.split(',') },
    classId,
    onAnnouncement: ({ text }) => shown.push(text),
    onEyesOnMe: ({ time }) => eyes.push(time),
  });
  try {
    await reader.start();
    await runDocumented(['eyes-on-me']);
    await waitFor(() => eyes.length > 0, 20_000, 'eyes on me at the reader');
    expect(reader.stats.skipped).toBe(0);
    expect(shown.every((text) => text === 'Quiz in 5 minutes')).toBe(true);
  } finally {
    await reader.stop();
  }
}, 90_000);

test("the class's settings topic holds max-picture as plain text, which any Kafka tool reads", async () => {
  const { stdout } = await runDocumented(['class-settings']);
  expect(stdout).toMatch(/^max-picture\t1920x1080$/m);
}, 90_000);

test('a console producer draws on the board as the doc says: the stroke is on the board every viewer reads', async () => {
  await runDocumented(['annotation-stroke']);
  const { boards, skipped } = await readAnnotationBoards({ brokers: brokers.split(',') }, classId);
  expect(skipped).toBe(0);
  expect(boards.get('screen-0')?.strokes.get('underline')).toMatchObject({ tool: 'pen', color: '#e53935', points: [0.1, 0.8, 0.9, 0.8] });
}, 60_000);
