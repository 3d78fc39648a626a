/**
 * A student who joins mid-lesson sees the current screen within one second, even though the
 * teacher sends a picture only every 5 s: the gateway starts at the newest keyframe (Kafka's
 * time index), it does not wait for the next one. The time is measured in the page, from the
 * click on Join to the picture appearing; what the picture shows is checked by its pixels.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import { pause } from '@classcast/protocol';
import { openClassroom, type Classroom } from './classroom.js';
import { joinClass, openStudentPage, saveScreenshot, shownCounter } from './student-page.js';
import { startTestTeacher, type TestTeacher } from './test-teacher.js';

const connection = { brokers: inject('kafkaBrokers') };
const LATE_JOIN_LIMIT_MS = 1000;
/**
 * Each attempt is a new student joining half a second after a picture; the best must be within
 * the limit. Every attempt must show the current screen, but only the best is held to one
 * second: on a busy 2-core CI machine a JVM's garbage collection can stall one join.
 */
const ATTEMPTS = 4;
let classroom: Classroom;
let teacher: TestTeacher | undefined;

beforeAll(async () => {
  classroom = await openClassroom(connection);
});
afterAll(async () => {
  await teacher?.stop();
  await classroom?.close();
});

interface JoinTiming {
  clicked?: number;
  shown?: number;
}

test('a late joiner gets the current screen within one second, not at the next keyframe', { timeout: 180_000 }, async () => {
  const classId = `late-${Date.now()}`;
  const current = (teacher = await startTestTeacher({ connection, classId, fps: 0.2 }));
  const times: number[] = [];
  for (let attempt = 1; attempt <= ATTEMPTS && !times.some((ms) => ms < LATE_JOIN_LIMIT_MS); attempt += 1) {
    // Mid-lesson: a picture was sent a moment ago, the next one is seconds away.
    const before = current.sent.length;
    await vi.waitFor(() => expect(current.sent.length).toBeGreaterThan(before), { timeout: 30_000, interval: 20 });
    await pause(500);

    const { page, errors } = await openStudentPage(classroom.browser, classroom.gateway.url);
    // The join form renders once the page knows how students log in (/login.json).
    await page.waitForSelector('button[type=submit]');
    await page.evaluate(() => {
      const timing: JoinTiming = {};
      Object.assign(window, { joinTiming: timing });
      document.querySelector('button[type=submit]')!.addEventListener('click', () => (timing.clicked = performance.now()), { capture: true });
      // When the viewer un-hides its canvas, the first picture has been painted on it.
      new MutationObserver(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('canvas.cc-screen');
        if (canvas && !canvas.hidden) timing.shown ??= performance.now();
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const screen = current.sent.at(-1)!;
    await joinClass(page, classId, `late-${attempt}`);
    const elapsed = await vi.waitFor(
      async () => {
        const timing = await page.evaluate(() => (window as unknown as { joinTiming: JoinTiming }).joinTiming);
        expect(timing.shown).toBeDefined();
        return timing.shown! - timing.clicked!;
      },
      { timeout: 10_000, interval: 20 },
    );
    const shownCounterNow = await shownCounter(page);
    await saveScreenshot(page, `student-late-join-${attempt}`);
    expect(errors).toEqual([]);
    await page.close();

    // A newer picture sent while the student joined proves nothing about finding the current
    // one (a viewer that waited for the next keyframe would show it too): try again.
    if (current.sent.at(-1) !== screen) continue;
    expect(shownCounterNow).toBe(screen.counter);
    times.push(Math.round(elapsed));
  }
  console.log(`late join: the current screen appeared ${times.join(', ')} ms after the click on Join`);
  expect(times.length).toBeGreaterThan(0);
  expect(Math.min(...times)).toBeLessThan(LATE_JOIN_LIMIT_MS);
});
