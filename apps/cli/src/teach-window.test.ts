/**
 * `classcast teach --source window:TITLE` for real: a real xterm on an X desktop (Xorg's dummy
 * driver and evilwm, test-support/x-desktop.ts), the shared real broker, and a student
 * (`classcast watch --out`) whose pictures are what it would show. The student's picture takes
 * the window's new size when the window is resized, and "ended" when the window is closed; a
 * title that matches nothing is refused before anything is sent.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePicture } from '@classcast/codec';
import { uniqueClassId } from '@classcast/kafka/testing';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { waitFor } from '../../../test-support/wait-for.js';
import { startXDesktop, type XDesktop } from '../../../test-support/x-desktop.js';
import { FRAME_LINE_PREFIX } from './frame-lines.js';
import { classcast, classcastOk, type Run } from './test-helpers.js';

const brokers = inject('kafkaBrokers').join(',');
const GREEN = [0x00, 0xff, 0x00];

let desktop: XDesktop;
let folder: string;
beforeAll(async () => {
  desktop = await startXDesktop([{ width: 800, height: 600 }]);
  await desktop.setRootColour('#ff8000');
  folder = await mkdtemp(join(tmpdir(), 'classcast-teach-window-'));
}, 60_000);
afterAll(async () => {
  await desktop?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
}, 30_000);

function frameKinds(run: Run): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith(FRAME_LINE_PREFIX))
    .map((line) => (JSON.parse(line.slice(FRAME_LINE_PREFIX.length)) as { kind: string }).kind);
}

/** The newest picture the student wrote: its size, and whether every pixel is the xterm's green. */
async function lastPicture(out: string): Promise<{ width: number; height: number; allGreen: boolean } | undefined> {
  const files = (await readdir(out).catch(() => [])).sort();
  if (files.length === 0) return undefined;
  const picture = await decodePicture(await readFile(join(out, files.at(-1)!)));
  let allGreen = true;
  for (let i = 0; i < picture.data.length && allGreen; i += 4) allGreen = GREEN.every((value, c) => picture.data[i + c] === value);
  return { width: picture.width, height: picture.height, allGreen };
}

test('a shared xterm reaches the student; the picture follows its resize, and closing it ends the broadcast', async () => {
  const classId = uniqueClassId('teach-window');
  await classcastOk(['class', 'create', '--class', classId], brokers);
  const out = join(folder, 'student');
  const student = classcast(['watch', '--class', classId, '--student', 'ada', '--out', out, '--print-frames', '--brokers', brokers]);
  const env = { DISPLAY: desktop.display };
  const xterm = await desktop.openXterm({ title: 'Class notes', colour: '#00ff00', x: 100, y: 100 });
  try {
    await student.waitForOutput(/joined class/, 30_000);

    // A title that matches nothing: one line naming the windows, a failure, and nothing sent.
    const refused = classcast(['teach', '--class', classId, '--source', 'window:homework', '--brokers', brokers], env);
    expect(await refused.exit).not.toBe(0);
    expect(refused.stderr).toBe('classcast: no window has "homework" in its title; the windows are "Class notes"\n');

    const teacher = classcast(['teach', '--class', classId, '--source', 'window:class notes', '--codec', 'png', '--fps', '5', '--brokers', brokers], env);
    await teacher.waitForOutput(/teaching class/, 30_000);
    expect(teacher.stderr).toContain(`from window "Class notes" (id ${xterm.id})`);
    const first = await xterm.geometry();
    const shown = await waitFor(() => lastPicture(out), 30_000, 'the first picture at the student');
    expect(shown).toEqual({ width: first.width, height: first.height, allGreen: true });
    // Nothing reached the student before this broadcast: its first frame is this one's keyframe.
    expect(frameKinds(student)[0]).toBe('key');

    await xterm.resize(first.width + 160, first.height + 80);
    const resized = await xterm.geometry();
    expect(resized.width).toBeGreaterThan(first.width);
    const rescaled = await waitFor(
      async () => {
        const picture = await lastPicture(out);
        return picture?.width === resized.width && picture;
      },
      30_000,
      () => `a picture of ${resized.width}x${resized.height} at the student: ${student.stderr}`,
    );
    expect(rescaled).toEqual({ width: resized.width, height: resized.height, allGreen: true });

    await xterm.close();
    expect(await teacher.exit).toBe(0);
    const closedLine = 'the shared window "Class notes" was closed: the broadcast ends';
    expect(teacher.stderr.split('\n').filter((line) => line.includes('closed'))).toEqual([closedLine]);
    expect(teacher.stderr).not.toMatch(/classcast:/);
    expect(await student.exit).toBe(0);
    expect(frameKinds(student).at(-1)).toBe('end');
    expect(student.stderr).toMatch(/the lesson has ended: left class/);
  } finally {
    student.kill();
    await student.exit;
    await xterm.close();
  }
}, 120_000);
