/**
 * The lesson timeline in the browser: a student jumps back to an earlier moment of a running
 * lesson (keyframes and tile deltas) and sees that moment's picture, jumps to a Kafka offset and
 * sees the picture sent there, then goes back to live.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import { openClassroom, type Classroom } from './classroom.js';
import { badgeText, joinClass, openStudentPage, saveScreenshot, shownCounter } from './student-page.js';
import { startTestTeacher, type TestTeacher } from './test-teacher.js';

const connection = { brokers: inject('kafkaBrokers') };
let classroom: Classroom;
let teacher: TestTeacher;
const classId = `timeline-${Date.now()}`;

beforeAll(async () => {
  classroom = await openClassroom(connection);
  teacher = await startTestTeacher({ connection, classId, fps: 4, screen: 'slide' });
});
afterAll(async () => {
  await teacher?.stop();
  await classroom?.close();
});

test('jump back to an earlier picture, to an offset, then back to live', { timeout: 90_000 }, async () => {
  // Six seconds of lesson (24 pictures) before the student arrives.
  await vi.waitFor(() => expect(teacher.sent.length).toBeGreaterThanOrEqual(24), { timeout: 30_000, interval: 100 });
  const { page, errors } = await openStudentPage(classroom.browser, classroom.gateway.url);
  await joinClass(page, classId, 'ada');
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeGreaterThanOrEqual(20), { timeout: 30_000, interval: 100 });
  await expect.poll(() => page.getByRole('button', { name: 'Back to live' }).isDisabled(), { timeout: 20_000 }).toBe(true);

  // One second into the lesson the counter was about 4; the live one is past 20.
  await page.getByLabel('Jump to').fill('0:01');
  await page.getByRole('button', { name: 'Go' }).click();
  await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('replay');
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeLessThanOrEqual(8), { timeout: 20_000, interval: 50 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect.poll(() => badgeText(page)).toBe('paused');
  await saveScreenshot(page, 'timeline-paused');
  const pausedAt = (await shownCounter(page))!;
  expect(pausedAt).toBeLessThan(teacher.sent.at(-1)!.counter - 10);

  // A Kafka offset (as kcat or the consumer-group tool show it): the picture sent there.
  const target = teacher.sent.find((frame) => frame.counter === 12)!;
  await page.getByLabel('Jump to').fill(`#${target.offset}`);
  await page.getByRole('button', { name: 'Go' }).click();
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeGreaterThanOrEqual(12), { timeout: 20_000, interval: 50 });
  expect(await shownCounter(page)).toBeLessThanOrEqual(16);
  await expect.poll(() => page.locator('.cc-offset').textContent(), { timeout: 5000 }).toMatch(/^#\d+$/);

  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('live');
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeGreaterThanOrEqual(teacher.sent.at(-1)!.counter - 3), { timeout: 20_000, interval: 100 });
  expect(errors).toEqual([]);
  await page.close();
});
