/**
 * A teacher broadcasts the test pattern through the real broker; a student joins in Chromium
 * through the gateway and sees it: the canvas pixels carry the counter of a frame that was sent,
 * close to the rendered pattern, and the counter moves on. Stopping the broadcast shows
 * "the lesson has ended" with the last picture still there.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import { readTestPatternCounter as readTestPatternCounterOf, renderTestPattern } from '@classcast/capture';
import { psnr } from '@classcast/codec';
import { openClassroom, type Classroom } from './classroom.js';
import { badgeText, joinClass, openStudentPage, readScreen, saveScreenshot, shownCounter } from './student-page.js';
import { counterSlide, PATTERN, startTestTeacher, type TeacherScreen, type TestTeacher } from './test-teacher.js';

const connection = { brokers: inject('kafkaBrokers') };
let classroom: Classroom;
const teachers: TestTeacher[] = [];

beforeAll(async () => {
  classroom = await openClassroom(connection);
});
afterAll(async () => {
  await Promise.all(teachers.map((teacher) => teacher.stop()));
  await classroom?.close();
});

async function watchTeacher(label: string, screen: TeacherScreen) {
  const classId = `${label}-${Date.now()}`;
  const teacher = await startTestTeacher({ connection, classId, fps: 4, screen });
  teachers.push(teacher);
  await vi.waitFor(() => expect(teacher.sent.length).toBeGreaterThan(0), { timeout: 30_000, interval: 50 });
  const student = await openStudentPage(classroom.browser, classroom.gateway.url);
  await joinClass(student.page, classId, 'ada');
  return { teacher, student, classId };
}

test("the student sees the teacher's test pattern on the canvas, frame after frame", { timeout: 120_000 }, async () => {
  const { teacher, student } = await watchTeacher('watch', 'pattern');
  const { page } = student;
  const first = await vi.waitFor(
    async () => {
      const counter = await shownCounter(page);
      expect(counter).toBeDefined();
      return counter!;
    },
    { timeout: 30_000, interval: 100 },
  );
  expect(teacher.sent.map((frame) => frame.counter)).toContain(first);
  // Later pictures replace it: the counter on screen moves on.
  const later = await vi.waitFor(
    async () => {
      const counter = await shownCounter(page);
      expect(counter).toBeGreaterThan(first + 1);
      return counter!;
    },
    { timeout: 30_000, interval: 100 },
  );

  const picture = (await readScreen(page))!;
  expect({ width: picture.width, height: picture.height }).toEqual(PATTERN);
  // Not just the digits: the whole picture is that frame of the pattern (JPEG q85: ~35 dB).
  const shown = readCounterNow(picture);
  expect(psnr(renderTestPattern(shown, PATTERN.width, PATTERN.height), picture.data)).toBeGreaterThan(28);
  expect(later).toBeGreaterThan(first);
  expect(await badgeText(page)).toBe('live');
  await saveScreenshot(page, 'student-watching-live');

  await teacher.session.stop();
  await vi.waitFor(async () => expect(await badgeText(page)).toBe('the lesson has ended'), { timeout: 20_000, interval: 100 });
  // The last picture stays, and it is the last one sent.
  const last = teacher.sent.at(-1)!.counter;
  await vi.waitFor(async () => expect(await shownCounter(page)).toBe(last), { timeout: 10_000, interval: 100 });
  await saveScreenshot(page, 'student-broadcast-ended');
  expect(student.errors).toEqual([]);
});

test('tile deltas are composed in the browser into the right picture', { timeout: 120_000 }, async () => {
  const { teacher, student } = await watchTeacher('deltas', 'slide');
  const { page } = student;
  // The gateway on loopback is a secure context, so the atlases go through WebCodecs' ImageDecoder here.
  expect(await page.evaluate(() => window.isSecureContext && 'ImageDecoder' in window)).toBe(true);
  await vi.waitFor(() => expect(teacher.sent.some((frame) => frame.kind === 'delta')).toBe(true), { timeout: 30_000, interval: 100 });
  // A picture built from a delta: its counter is that of a delta frame, and every pixel matches.
  const deltaCounters = () => new Set(teacher.sent.filter((frame) => frame.kind === 'delta').map((frame) => frame.counter));
  const picture = await vi.waitFor(
    async () => {
      const shown = await readScreen(page);
      expect(shown).toBeDefined();
      expect(deltaCounters().has(readCounterNow(shown!))).toBe(true);
      return shown!;
    },
    { timeout: 30_000, interval: 100 },
  );
  expect(psnr(counterSlide(readCounterNow(picture)), picture.data)).toBeGreaterThan(28);
  await saveScreenshot(page, 'student-watching-deltas');
  expect(student.errors).toEqual([]);
});

function readCounterNow(picture: { data: Uint8Array; width: number; height: number }): number {
  const counter = readTestPatternCounterOf(picture);
  if (counter === undefined) throw new Error('the counter on screen cannot be read');
  return counter;
}
