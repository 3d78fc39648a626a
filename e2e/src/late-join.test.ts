/**
 * A student who joins mid-lesson sees the current screen within one second, even though the
 * teacher sends a picture only every 5 s: the gateway starts at the newest keyframe (Kafka's
 * time index), it does not wait for the next one. The time is measured in the page, from the
 * click on Join to the picture appearing; what the picture shows is checked by its pixels.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import { openClassroom, type Classroom } from './classroom.js';
import { joinClass, openStudentPage, saveScreenshot, shownCounter } from './student-page.js';
import { startTestTeacher, type TestTeacher } from './test-teacher.js';

const connection = { brokers: inject('kafkaBrokers') };
const LATE_JOIN_LIMIT_MS = 1000;
let classroom: Classroom;
let teacher: TestTeacher | undefined;

beforeAll(async () => {
  classroom = await openClassroom(connection);
});
afterAll(async () => {
  await teacher?.stop();
  await classroom?.close();
});

test('a late joiner gets the current screen within one second, not at the next keyframe', { timeout: 120_000 }, async () => {
  const classId = `late-${Date.now()}`;
  teacher = await startTestTeacher({ connection, classId, fps: 0.2 });
  const current = teacher;
  // Mid-lesson: a picture was sent a second ago, the next one is 4 s away.
  await vi.waitFor(() => expect(current.sent).toHaveLength(2), { timeout: 30_000, interval: 20 });
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const { page, errors } = await openStudentPage(classroom.browser, classroom.gateway.url);
  await page.evaluate(() => {
    const timing: { clicked?: number; shown?: number } = {};
    Object.assign(window, { joinTiming: timing });
    document.querySelector('button[type=submit]')!.addEventListener('click', () => (timing.clicked = performance.now()), { capture: true });
    // When the viewer un-hides its canvas, the first picture has been painted on it.
    new MutationObserver(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.cc-screen');
      if (canvas && !canvas.hidden) timing.shown ??= performance.now();
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await joinClass(page, classId, 'late-ada');
  const elapsed = await vi.waitFor(async () => {
    const timing = await page.evaluate(() => (window as unknown as { joinTiming: { clicked?: number; shown?: number } }).joinTiming);
    expect(timing.shown).toBeDefined();
    return timing.shown! - timing.clicked!;
  }, { timeout: 10_000, interval: 20 });

  expect(await shownCounter(page)).toBe(current.sent[1]!.counter);
  expect(current.sent).toHaveLength(2); // no newer picture existed yet: this was the current screen
  console.log(`late join: the current screen appeared ${Math.round(elapsed)} ms after the click on Join`);
  await saveScreenshot(page, 'student-late-join');
  expect(elapsed).toBeLessThan(LATE_JOIN_LIMIT_MS);
  expect(errors).toEqual([]);
});
