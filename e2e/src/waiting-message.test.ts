/**
 * The viewer's message before the first picture ("The teacher has not started broadcasting yet.")
 * is laid out centered over the stage where the picture will be, on a laptop and on a phone,
 * not squeezed into a sliver beside an empty canvas. Screenshots land in e2e/test-results/.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openClassroom, type Classroom } from './classroom.js';
import { joinClass, openStudentPage, saveScreenshot } from './student-page.js';

let classroom: Classroom;

beforeAll(async () => {
  classroom = await openClassroom({ brokers: inject('kafkaBrokers') });
});
afterAll(async () => {
  await classroom?.close();
});

const VIEWPORTS = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];

test.each(VIEWPORTS)('the waiting message is centered over the stage on a $name ($width × $height)', async ({ name, width, height }) => {
  const { page, errors } = await openStudentPage(classroom.browser, classroom.gateway.url);
  await page.setViewportSize({ width, height });
  // A class nobody broadcasts to: the gateway says "waiting".
  await joinClass(page, `empty-${name}-${Date.now()}`, 'ada');
  const message = page.locator('.cc-empty');
  await expect.poll(() => message.innerText(), { timeout: 20_000 }).toBe('The teacher has not started broadcasting yet.');
  const box = (await message.boundingBox())!;
  const stage = (await page.locator('.cc-stage').boundingBox())!;
  expect(box.width).toBeGreaterThan(200);
  expect(Math.abs(box.x + box.width / 2 - (stage.x + stage.width / 2))).toBeLessThanOrEqual(2);
  expect(Math.abs(box.y + box.height / 2 - (stage.y + stage.height / 2))).toBeLessThanOrEqual(2);
  // Nothing but the message on the stage: the empty canvas stays hidden until the first picture.
  expect(await page.locator('canvas.cc-screen').isVisible()).toBe(false);
  await saveScreenshot(page, `waiting-message-${name}`);
  expect(errors).toEqual([]);
  await page.close();
});
