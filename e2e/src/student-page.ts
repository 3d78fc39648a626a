/**
 * A student in Chromium: opens the gateway's page, joins through the join screen like a person
 * would, and reads back what the viewer shows — the canvas pixels (getImageData) and the badge.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { readTestPatternCounter, type RgbaPicture } from '@classcast/capture';
import { collectPageErrors, readViewerCanvas } from '../../test-support/browser-page.js';
import { PATTERN, type TestTeacher } from './test-teacher.js';

export const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));

export interface StudentPage {
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations, for a "clean page" check. */
  errors: string[];
}

export async function openStudentPage(browser: Browser, gatewayUrl: string): Promise<StudentPage> {
  const page = await browser.newPage({ viewport: { width: 1024, height: 640 } });
  const errors = collectPageErrors(page);
  await page.goto(gatewayUrl);
  return { page, errors };
}

export async function joinClass(page: Page, classId: string, student: string): Promise<void> {
  await page.getByLabel('Class').fill(classId);
  await page.getByLabel('Your name').fill(student);
  await page.getByRole('button', { name: 'Join' }).click();
}

/**
 * A student who arrives once the teacher has sent `pictures` (some lesson to go back in): joins,
 * sees a picture of the lesson's end and is live there (Back to live has nothing to do).
 */
export async function joinRunningLesson(
  browser: Browser,
  gatewayUrl: string,
  teacher: TestTeacher,
  classId: string,
  student: string,
  pictures = 24,
): Promise<StudentPage> {
  await vi.waitFor(() => expect(teacher.sent.length).toBeGreaterThanOrEqual(pictures), { timeout: 30_000, interval: 100 });
  const opened = await openStudentPage(browser, gatewayUrl);
  await joinClass(opened.page, classId, student);
  await vi.waitFor(async () => expect(await shownCounter(opened.page)).toBeGreaterThanOrEqual(pictures - 4), { timeout: 30_000, interval: 100 });
  await expect.poll(() => opened.page.getByRole('button', { name: 'Back to live' }).isDisabled(), { timeout: 20_000 }).toBe(true);
  return opened;
}

/** Jumps to `time` of the lesson ("0:01") with the timeline, and pauses there. */
export async function pauseInReplay(page: Page, time: string): Promise<void> {
  await page.getByLabel('Jump to').fill(time);
  await page.getByRole('button', { name: 'Go' }).click();
  await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('replay');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect.poll(() => badgeText(page)).toBe('paused');
}

/** The viewer canvas's pixels, or undefined while nothing is drawn. */
export function readScreen(page: Page): Promise<RgbaPicture | undefined> {
  return readViewerCanvas(page);
}

/** The test-pattern counter the student sees, read from the canvas pixels. */
export async function shownCounter(page: Page): Promise<number | undefined> {
  const picture = await readScreen(page);
  return picture && readTestPatternCounter(picture, PATTERN);
}

/** The words on the status badge ("live", "the lesson has ended", …). */
export function badgeText(page: Page): Promise<string> {
  return page.locator('.cc-badge').innerText();
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
