/**
 * What a student does on the page besides watching: a bad name is caught by the join screen, a
 * second tab with the same name is sent back to it with the reason, and the viewer's size and
 * full-screen controls do what they say.
 */
import { expect, inject, test, vi } from 'vitest';
import { useTaughtClassroom } from './classroom.js';
import { joinClass, openStudentPage, saveScreenshot, shownCounter } from './student-page.js';
import { PATTERN } from './test-teacher.js';

const connection = { brokers: inject('kafkaBrokers') };
const classId = `controls-${Date.now()}`;
const taught = useTaughtClassroom(connection, { classId, fps: 2 });

test('a name Kafka cannot use is refused by the join screen itself, before anything is sent', async () => {
  const { page } = await openStudentPage(taught.classroom.browser, taught.classroom.gateway.url);
  await joinClass(page, classId, 'ada lovelace');
  await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/student name "ada lovelace" is not valid/);
  expect(await page.getByLabel('Your name').getAttribute('aria-invalid')).toBe('true');
  expect(taught.classroom.gateway.sessions()).toEqual([]);
  await saveScreenshot(page, 'join-screen-bad-name');
  await page.close();
});

test('a second tab with the same name goes back to the join screen, saying why', { timeout: 60_000 }, async () => {
  const first = await openStudentPage(taught.classroom.browser, taught.classroom.gateway.url);
  await joinClass(first.page, classId, 'bo');
  await vi.waitFor(async () => expect(await shownCounter(first.page)).toBeDefined(), { timeout: 30_000, interval: 100 });
  const second = await openStudentPage(taught.classroom.browser, `${taught.classroom.gateway.url}?class=${classId}`);
  expect(await second.page.getByLabel('Class').inputValue()).toBe(classId); // filled in from the link
  await second.page.getByLabel('Your name').fill('bo');
  await second.page.getByRole('button', { name: 'Join' }).click();
  await expect.poll(() => second.page.locator('.cc-refused').innerText(), { timeout: 20_000 }).toMatch(/"bo" is already watching class/);
  await saveScreenshot(second.page, 'join-screen-name-taken');
  // The first tab is not disturbed.
  const counter = (await shownCounter(first.page))!;
  await vi.waitFor(async () => expect(await shownCounter(first.page)).toBeGreaterThan(counter), { timeout: 20_000, interval: 100 });
  await Promise.all([first.page.close(), second.page.close()]);
});

test('fit to window, actual size and full screen', { timeout: 60_000 }, async () => {
  const { page } = await openStudentPage(taught.classroom.browser, taught.classroom.gateway.url);
  await joinClass(page, classId, 'cy');
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeDefined(), { timeout: 30_000, interval: 100 });
  const canvas = page.locator('canvas.cc-screen');
  // Fit: the 640x360 picture is scaled up to the 1024 px wide window.
  expect((await canvas.boundingBox())!.width).toBeGreaterThan(PATTERN.width + 200);
  await page.getByRole('button', { name: 'Actual size' }).click();
  expect(await canvas.boundingBox()).toMatchObject({ width: PATTERN.width, height: PATTERN.height });
  await saveScreenshot(page, 'viewer-actual-size');
  await page.getByRole('button', { name: 'Fit to window' }).click();
  expect((await canvas.boundingBox())!.width).toBeGreaterThan(PATTERN.width + 200);

  await page.getByRole('button', { name: 'Full screen' }).click();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement?.className)).toBe('cc-viewer');
  await page.getByRole('button', { name: 'Leave full screen' }).click();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();
  // The button says 'Full screen' again once React has seen the fullscreenchange (until then
  // 'Leave full screen' would also match a loose 'Leave').
  await page.getByRole('button', { name: 'Full screen', exact: true }).waitFor();

  await page.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect.poll(() => page.getByLabel('Your name').inputValue()).toBe('cy');
  await page.close();
});
