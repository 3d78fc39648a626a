/**
 * The viewer's message before the first picture, laid out centered over the stage where the
 * picture will be, on a laptop and on a phone, not squeezed into a sliver beside an empty canvas:
 *   - a class an admin created whose teacher has not started: "The teacher has not started…";
 *   - a class Kafka has no topic for (a mistyped name): "No class named 'mth'…" within a few
 *     seconds. Kafka cannot tell a typo from a class no admin created and no teacher started yet,
 *     so the page keeps watching: such a class goes live once a teacher starts it.
 * Screenshots land in e2e/test-results/.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { createClassAdmin, type ClassAdmin } from '@classcast/kafka';
import { openClassroom, type Classroom } from './classroom.js';
import { badgeText, joinClass, openStudentPage, saveScreenshot, shownCounter } from './student-page.js';
import { startTestTeacher } from './test-teacher.js';

const connection = { brokers: inject('kafkaBrokers') };
let classroom: Classroom;
let admin: ClassAdmin;

beforeAll(async () => {
  classroom = await openClassroom(connection);
  admin = await createClassAdmin(connection);
});
afterAll(async () => {
  await admin?.close();
  await classroom?.close();
});

const VIEWPORTS = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];

async function expectCenteredMessage(page: Page): Promise<void> {
  const box = (await page.locator('.cc-empty').boundingBox())!;
  const stage = (await page.locator('.cc-stage').boundingBox())!;
  expect(box.width).toBeGreaterThan(200);
  expect(Math.abs(box.x + box.width / 2 - (stage.x + stage.width / 2))).toBeLessThanOrEqual(2);
  expect(Math.abs(box.y + box.height / 2 - (stage.y + stage.height / 2))).toBeLessThanOrEqual(2);
  // Nothing but the message on the stage: the empty canvas stays hidden until the first picture.
  expect(await page.locator('canvas.cc-screen').isVisible()).toBe(false);
}

test.each(VIEWPORTS)('a class an admin created, before its teacher starts, is waiting, centered on a $name', async ({ name, width, height }) => {
  const classId = `created-${name}-${Date.now()}`;
  await admin.create(classId);
  const { page, errors } = await openStudentPage(classroom.browser, classroom.gateway.url);
  await page.setViewportSize({ width, height });
  await joinClass(page, classId, 'ada');
  await expect.poll(() => page.locator('.cc-empty').innerText(), { timeout: 20_000 }).toBe('The teacher has not started broadcasting yet.');
  expect(await badgeText(page)).toBe('waiting for the teacher');
  await expectCenteredMessage(page);
  await saveScreenshot(page, `waiting-message-${name}`);
  expect(errors).toEqual([]);
  await page.close();
});

test.each(VIEWPORTS)('a class Kafka does not know says so within a few seconds, centered on a $name', async ({ name, width, height }) => {
  const classId = `mth-${name}-${Date.now()}`;
  const { page, errors } = await openStudentPage(classroom.browser, classroom.gateway.url);
  await page.setViewportSize({ width, height });
  const joined = Date.now();
  await joinClass(page, classId, 'ada');
  await expect
    .poll(() => page.locator('.cc-empty').innerText(), { timeout: 5000, interval: 100 })
    .toBe(`No class named '${classId}' on this server: check the link or the class name with your teacher`);
  expect(Date.now() - joined).toBeLessThan(5000);
  expect(await badgeText(page)).toBe('no such class');
  await expectCenteredMessage(page);
  await saveScreenshot(page, `unknown-class-${name}`);
  expect(errors).toEqual([]);
  await page.close();
});

test('a class nobody created goes live by itself once a teacher starts it', { timeout: 90_000 }, async () => {
  const classId = `late-start-${Date.now()}`;
  const { page, errors } = await openStudentPage(classroom.browser, classroom.gateway.url);
  await joinClass(page, classId, 'bo');
  await expect.poll(() => badgeText(page), { timeout: 10_000 }).toBe('no such class');
  const teacher = await startTestTeacher({ connection, classId, fps: 2 });
  try {
    await vi.waitFor(async () => expect(await shownCounter(page)).toBeDefined(), { timeout: 40_000, interval: 200 });
    expect(await badgeText(page)).toBe('live');
  } finally {
    await teacher.stop();
  }
  expect(errors).toEqual([]);
  await page.close();
});
