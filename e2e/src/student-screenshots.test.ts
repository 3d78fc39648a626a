/**
 * The student page as students see it, in Chromium at 1280×800 (a laptop) and 390×844 (a phone):
 * join, waiting, live, an announcement, replay, paused and ended, each compared against its
 * committed baseline in e2e/screenshots/ (screenshot-baseline.ts: small pixel tolerance).
 *
 *   CLASSCAST_UPDATE_SCREENSHOTS=1 npx vitest run e2e/src/student-screenshots.test.ts
 *
 * rewrites the baselines (look at them before committing). The pictures are fixed: a still test
 * slide, fixed class and student names; what moves with the clock (the time readout, the slider's
 * thumb away from live, the Kafka offset, "12 s behind", an announcement's time) is masked.
 * On the phone every control must also lie inside the screen, and announcements below the toolbar.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { announce, createClassAdmin, type ClassAdmin } from '@classcast/kafka';
import { openClassroom, type Classroom } from './classroom.js';
import { expectScreenshot } from './screenshot-baseline.js';
import { badgeText, joinClass, shownCounter } from './student-page.js';
import { startTestTeacher, type TestTeacher } from './test-teacher.js';
import { collectPageErrors } from '../../test-support/browser-page.js';

const connection = { brokers: inject('kafkaBrokers') };
// Fixed names: they are in the pictures. Each run deletes what an earlier run left on the broker.
const LESSON = 'math-7b';
const NOT_STARTED = 'science-7b';
const VIEWPORTS = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

let classroom: Classroom;
let admin: ClassAdmin;
let teacher: TestTeacher | undefined;
const pages: Array<{ name: string; page: Page; errors: string[] }> = [];

beforeAll(async () => {
  classroom = await openClassroom(connection);
  admin = await createClassAdmin(connection);
  for (const classId of [LESSON, NOT_STARTED]) await admin.delete(classId).catch(() => undefined);
  // Deleting a topic takes a moment to settle in Kafka before it can be made again.
  await vi.waitFor(async () => expect((await admin.list()).filter((id) => id === LESSON || id === NOT_STARTED)).toEqual([]), { timeout: 20_000 });
  await vi.waitFor(() => admin.create(NOT_STARTED), { timeout: 20_000, interval: 500 });
  for (const viewport of VIEWPORTS) {
    const page = await classroom.browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
    pages.push({ name: viewport.name, page, errors: collectPageErrors(page) });
  }
});
afterAll(async () => {
  await teacher?.stop();
  await admin?.close();
  await classroom?.close();
});

/** Runs `step` on the laptop page and the phone page at once. */
const onEachPage = (step: (page: Page, name: string) => Promise<void>) => Promise.all(pages.map(({ page, name }) => step(page, name)));

/** What moves with the clock; `away` adds what moves in replay and paused. */
function moving(page: Page, away = false) {
  const always = [page.locator('.cc-time'), page.locator('.cc-offset'), page.locator('.cc-announcement time')];
  return away ? [...always, page.locator('.cc-where'), page.getByLabel('Lesson time')] : always;
}

/** On the phone, nothing the student may need is off the screen. */
async function expectControlsOnScreen(page: Page): Promise<void> {
  const viewport = page.viewportSize()!;
  for (const control of await page.locator('.cc-viewer button, .cc-viewer input, .cc-viewer summary').all()) {
    const box = await control.boundingBox();
    const label = (await control.getAttribute('aria-label')) ?? (await control.innerText());
    expect(box, label).not.toBeNull();
    expect(box!.x, label).toBeGreaterThanOrEqual(0);
    expect(box!.y, label).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, label).toBeLessThanOrEqual(viewport.width);
    expect(box!.y + box!.height, label).toBeLessThanOrEqual(viewport.height);
  }
}

test('join, waiting, live, announcement, replay, paused and ended look as their baselines', { timeout: 180_000 }, async () => {
  // Join: the class taken from the link.
  await onEachPage(async (page, name) => {
    await page.goto(`${classroom.gateway.url}?class=${NOT_STARTED}`);
    await expect.poll(() => page.getByLabel('Class').inputValue()).toBe(NOT_STARTED);
    await expectScreenshot(page, `join-${name}`);
  });

  // Waiting: a class an admin created, whose teacher has not started.
  await onEachPage(async (page, name) => {
    await page.getByLabel('Your name').fill(name);
    await page.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('waiting for the teacher');
    await expectScreenshot(page, `waiting-${name}`);
    await page.getByRole('button', { name: 'Leave', exact: true }).click();
  });

  // Live: a still slide, some seconds into the lesson (so a replay from its start lasts a while).
  teacher = await startTestTeacher({ connection, classId: LESSON, fps: 4, screen: 'still' });
  await vi.waitFor(() => expect(teacher!.sent.length).toBeGreaterThan(0), { timeout: 30_000, interval: 100 });
  await new Promise((resolve) => setTimeout(resolve, 8000));
  await onEachPage(async (page, name) => {
    await page.getByLabel('Class').fill(LESSON);
    await joinClass(page, LESSON, name);
    await vi.waitFor(async () => expect(await shownCounter(page)).toBe(7), { timeout: 30_000, interval: 100 });
    await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('live');
    await expect.poll(() => page.locator('.cc-where').innerText(), { timeout: 20_000 }).toBe('live');
    if (name === 'phone') await expectControlsOnScreen(page);
    await expectScreenshot(page, `live-${name}`, moving(page));
  });

  // An announcement, over the picture and below the toolbar.
  await announce({ connection, classId: LESSON, text: 'Books open at page 12' });
  await onEachPage(async (page, name) => {
    const notice = page.locator('.cc-announcement');
    await notice.waitFor({ timeout: 20_000 });
    const toolbar = (await page.locator('.cc-toolbar').boundingBox())!;
    expect((await notice.boundingBox())!.y).toBeGreaterThanOrEqual(toolbar.y + toolbar.height);
    await expectScreenshot(page, `announcement-${name}`, moving(page));
    await page.getByRole('button', { name: /^Dismiss announcement/ }).click();
  });

  // Replay from the lesson's start, then paused there.
  await onEachPage(async (page, name) => {
    await page.getByLabel('Jump to').fill('0:00');
    await page.getByRole('button', { name: 'Go' }).click();
    await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('replay');
    await expect.poll(() => page.locator('.cc-where').innerText(), { timeout: 10_000 }).toMatch(/ behind$/);
    await expectScreenshot(page, `replay-${name}`, moving(page, true));
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('paused');
    await expect.poll(() => page.locator('.cc-where').innerText(), { timeout: 10_000 }).toMatch(/^paused at /);
    if (name === 'phone') await expectControlsOnScreen(page);
    await expectScreenshot(page, `paused-${name}`, moving(page, true));
    await page.getByRole('button', { name: 'Back to live' }).click();
    await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('live');
  });

  // Ended: the teacher stops; the last picture stays.
  await teacher.stop();
  teacher = undefined;
  await onEachPage(async (page, name) => {
    await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('the lesson has ended');
    await expectScreenshot(page, `ended-${name}`, moving(page));
  });
  for (const { errors } of pages) expect(errors).toEqual([]);
});
