/**
 * A student's screen on the class, in the student page: when the teacher accepts Bea, a student
 * watching in Chromium sees Bea's screen (sharp-encoded by the teacher stream, another size than
 * the teacher's), named in the toolbar; on the take-back, the teacher's screen again. Real broker,
 * real gateway fan-out, real browser.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import { createSharedScreenWriter, decideShare } from '@classcast/kafka';
import { createTeacherStream, type TeacherStream } from '@classcast/stream/teacher';
import { openClassroom, type Classroom } from './classroom.js';
import { joinRunningLesson, readScreen, saveScreenshot, shownCounter } from './student-page.js';
import { startTestTeacher, type TestTeacher } from './test-teacher.js';

const connection = { brokers: inject('kafkaBrokers') };
const classId = `shared-screen-${Date.now()}`;
const BEA = { width: 320, height: 200, rgb: [40, 90, 220] as const };
let classroom: Classroom;
let teacher: TestTeacher;
let bea: TeacherStream | undefined;

beforeAll(async () => {
  classroom = await openClassroom(connection);
  teacher = await startTestTeacher({ connection, classId, fps: 4, screen: 'slide' });
});
afterAll(async () => {
  await bea?.stop();
  await teacher?.stop();
  await classroom?.close();
});

/** Bea's desktop: one colour, a white line moving down its top 20 rows (so pictures keep coming). */
function beaScreen() {
  let n = 0;
  return {
    async next() {
      const data = Buffer.alloc(BEA.width * BEA.height * 4);
      for (let i = 0; i < data.length; i += 4) data.set([...BEA.rgb, 255], i);
      data.fill(255, (n % 20) * BEA.width * 4, ((n % 20) + 1) * BEA.width * 4);
      n += 1;
      return { data, width: BEA.width, height: BEA.height, pixelFormat: 'rgba' as const, capturedAt: Date.now() };
    },
  };
}

test("the class sees Bea's screen, named, from the teacher's accept to the take-back", { timeout: 120_000 }, async () => {
  const { page, errors } = await joinRunningLesson(classroom.browser, classroom.gateway.url, teacher, classId, 'ada', 8);
  expect(await page.locator('.cc-screen-owner').count()).toBe(0);

  await decideShare({ connection, classId, student: 'bea', decision: 'accept' });
  const writer = createSharedScreenWriter({ connection, classId, student: 'bea' });
  await writer.start();
  bea = createTeacherStream({ source: beaScreen(), broadcaster: writer, fps: 4, encoder: { codec: 'jpeg', quality: 90 } });
  await bea.open();
  const sharing = bea.start();

  await expect.poll(() => page.locator('.cc-screen-owner').textContent(), { timeout: 30_000 }).toBe('bea’s screen');
  await vi.waitFor(
    async () => {
      const picture = await readScreen(page);
      expect(picture && `${picture.width}x${picture.height}`).toBe(`${BEA.width}x${BEA.height}`);
      // Bea's colour below the moving line (JPEG at quality 90: within a few levels).
      const at = (150 * BEA.width + 10) * 4;
      for (const [channel, value] of BEA.rgb.entries()) expect(Math.abs(picture!.data[at + channel]! - value)).toBeLessThan(12);
    },
    { timeout: 20_000, interval: 200 },
  );
  expect(await page.locator('canvas.cc-screen').getAttribute('aria-label')).toBe("bea's screen");
  await saveScreenshot(page, 'student-shared-screen');

  await decideShare({ connection, classId, student: 'bea', decision: 'take-back' });
  await expect.poll(() => page.locator('.cc-screen-owner').count(), { timeout: 20_000 }).toBe(0);
  // The teacher's slide again, and its newest picture: the counter goes on.
  const now = teacher.sent.at(-1)!.counter;
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeGreaterThanOrEqual(now - 2), { timeout: 20_000, interval: 200 });
  await bea.stop();
  await sharing;
  expect(errors).toEqual([]);
  await page.close();
});
