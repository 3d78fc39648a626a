/**
 * The lesson timeline in the browser: a student jumps back to an earlier moment of a running
 * lesson (keyframes and tile deltas) and sees that moment's picture, jumps to a Kafka offset and
 * sees the picture sent there, then goes back to live; a jump it cannot make is answered in place.
 */
import { expect, inject, test, vi } from 'vitest';
import { useTaughtClassroom } from './classroom.js';
import { badgeText, joinRunningLesson, saveScreenshot, shownCounter } from './student-page.js';

const connection = { brokers: inject('kafkaBrokers') };
const classId = `timeline-${Date.now()}`;
const taught = useTaughtClassroom(connection, { classId, fps: 4, screen: 'slide' });

test('jump back to an earlier picture, to an offset, then back to live', { timeout: 90_000 }, async () => {
  // Six seconds of lesson (24 pictures) before the student arrives.
  const { page, errors } = await joinRunningLesson(taught.classroom.browser, taught.classroom.gateway.url, taught.teacher, classId, 'ada', 24);

  // A jump the page cannot make says why, in place, and nothing moves.
  await page.getByLabel('Jump to').fill('yesterday');
  await page.getByRole('button', { name: 'Go' }).click();
  await expect.poll(() => page.locator('.cc-jump-problem').innerText()).toBe('"yesterday" is not a time in the lesson: type minutes and seconds, like 1:05');
  expect(await page.getByLabel('Jump to').getAttribute('aria-invalid')).toBe('true');
  expect(await badgeText(page)).toBe('live');
  await page.getByLabel('Jump to').fill('59:00');
  await page.getByRole('button', { name: 'Go' }).click();
  await expect.poll(() => page.locator('.cc-jump-problem').innerText()).toMatch(/^The lesson is \d+:\d\d long so far: pick a time up to that$/);
  expect(await badgeText(page)).toBe('live');

  // One second into the lesson the counter was about 4; the live one is past 20.
  await page.getByLabel('Jump to').fill('0:01');
  await page.getByRole('button', { name: 'Go' }).click();
  await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('replay');
  expect(await page.locator('.cc-jump-problem').count()).toBe(0);
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeLessThanOrEqual(8), { timeout: 20_000, interval: 50 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect.poll(() => badgeText(page)).toBe('paused');
  await saveScreenshot(page, 'timeline-paused');
  const pausedAt = (await shownCounter(page))!;
  expect(pausedAt).toBeLessThan(taught.teacher.sent.at(-1)!.counter - 10);

  // A Kafka offset (as kcat or the consumer-group tool show it): the picture sent there.
  const target = taught.teacher.sent.find((frame) => frame.counter === 12)!;
  await page.getByLabel('Jump to').fill(`#${target.offset}`);
  await page.getByRole('button', { name: 'Go' }).click();
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeGreaterThanOrEqual(12), { timeout: 20_000, interval: 50 });
  expect(await shownCounter(page)).toBeLessThanOrEqual(16);
  await expect.poll(() => page.locator('.cc-offset').textContent(), { timeout: 5000 }).toMatch(/^#\d+$/);

  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('live');
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeGreaterThanOrEqual(taught.teacher.sent.at(-1)!.counter - 3), {
    timeout: 20_000,
    interval: 100,
  });
  expect(errors).toEqual([]);
  await page.close();
});
