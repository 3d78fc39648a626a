/**
 * The timeline always shows where the picture is (issue 17, item 3): after a click on the
 * timeline, its thumb and readout follow the picture through replay, 2×, pause and back to
 * live, and the lesson's end keeps growing while the student watches a replay.
 *
 * The picture on the canvas carries the test pattern's counter, and the test teacher noted when it
 * sent each counter: so the picture says where the readout must be.
 */
import { expect, inject, test, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { useTaughtClassroom } from './classroom.js';
import { badgeText, joinClass, openStudentPage, shownCounter } from './student-page.js';

const FPS = 4;
const connection = { brokers: inject('kafkaBrokers') };
const classId = `timeline-follows-${Date.now()}`;
const taught = useTaughtClassroom(connection, { classId, fps: FPS, screen: 'slide' });

/** The readout "0:12 / 0:40" as seconds: where the student is, and the lesson's length. */
async function readout(page: Page): Promise<{ at: number; end: number }> {
  const text = await page.locator('.cc-time').innerText();
  const match = /^(\d+):(\d\d) \/ (\d+):(\d\d)$/.exec(text.trim());
  if (!match) throw new Error(`unexpected readout "${text}"`);
  const [, am, as, em, es] = match.map(Number) as [number, number, number, number, number];
  return { at: am * 60 + as, end: em * 60 + es };
}

/** The slider's value, as seconds from its start. */
async function thumb(page: Page): Promise<number> {
  return page.getByLabel('Lesson time').evaluate((input: HTMLInputElement) => (Number(input.value) - Number(input.min)) / 1000);
}

/** The fastest the test plays (2×): lesson seconds that pass per second spent reading the page. */
const FASTEST_SPEED = 2;

/**
 * The readout and the thumb agree with the picture on the canvas: within 2 s (frames in flight,
 * rounding), plus what the lesson moved on while the three were read one after the other (on a
 * loaded machine, reading the canvas alone can take half a second: a second of lesson at 2×).
 */
async function expectTimelineFollowsPicture(page: Page, step: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const readStarted = Date.now();
      const counter = (await shownCounter(page))!;
      const sent = taught.teacher.sent.find((frame) => frame.counter === counter)!;
      const shownAt = (sent.at - taught.teacher.sent[0]!.at) / 1000;
      const { at } = await readout(page);
      const thumbAt = await thumb(page);
      const slack = 2 + (FASTEST_SPEED * (Date.now() - readStarted)) / 1000;
      expect(Math.abs(at - shownAt), `${step}: readout ${at} s, picture ${shownAt} s`).toBeLessThanOrEqual(slack);
      expect(Math.abs(thumbAt - shownAt), `${step}: thumb vs picture ${shownAt} s`).toBeLessThanOrEqual(slack);
    },
    { timeout: 10_000, interval: 200 },
  );
}

/** Watches for `ms`: the picture must move, and the timeline with it. */
async function watchFollowing(page: Page, step: string, ms: number): Promise<void> {
  await expectTimelineFollowsPicture(page, step);
  const before = (await shownCounter(page))!;
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await expectTimelineFollowsPicture(page, step);
    await page.waitForTimeout(500);
  }
  expect(await shownCounter(page), `${step}: the picture moves`).toBeGreaterThan(before);
}

test('after clicks on the timeline the readout follows the picture through replay, 2×, pause and live', { timeout: 150_000 }, async () => {
  await vi.waitFor(() => expect(taught.teacher.sent.length).toBeGreaterThanOrEqual(FPS * 12), { timeout: 40_000, interval: 100 });
  const { page, errors } = await openStudentPage(taught.classroom.browser, taught.classroom.gateway.url);
  await joinClass(page, classId, 'ada');
  await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('live');
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeGreaterThanOrEqual(FPS * 10), { timeout: 30_000, interval: 100 });
  const slider = page.getByLabel('Lesson time');

  for (const fraction of [0.3, 0.5, 0.2]) {
    // A click on the track, as a student would: the thumb jumps there and the replay starts there.
    const box = (await slider.boundingBox())!;
    const beforeClick = await shownCounter(page);
    await page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
    await expect.poll(() => badgeText(page), { timeout: 20_000 }).not.toBe('live');
    // The replay's first picture, from before the live one (a browser student's first seek also
    // starts its replay session, so it may come a moment after the badge changes).
    await expect.poll(async () => (await shownCounter(page)) ?? Number.POSITIVE_INFINITY, { timeout: 20_000 }).toBeLessThan(beforeClick!);
    await watchFollowing(page, `replay from ${fraction}`, 3000);

    // The lesson goes on while the student watches the replay: its end keeps growing.
    const { end } = await readout(page);
    await expect.poll(async () => (await readout(page)).end, { timeout: 10_000 }).toBeGreaterThanOrEqual(end + 2);

    await page.getByRole('button', { name: '2×' }).click();
    await watchFollowing(page, '2×', 3000);

    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => badgeText(page), { timeout: 10_000 }).toMatch(/paused/);
    await page.waitForTimeout(1000);
    await expectTimelineFollowsPicture(page, 'paused');
    await page.getByRole('button', { name: 'Play' }).click();
    await watchFollowing(page, 'play again', 2000);

    await page.getByRole('button', { name: 'Back to live' }).click();
    await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('live');
    await watchFollowing(page, 'back to live', 2000);
  }
  // From the keyboard: Home on the slider replays from the lesson's start.
  await slider.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => badgeText(page), { timeout: 20_000 }).not.toBe('live');
  await watchFollowing(page, 'replay from Home', 2000);
  expect((await readout(page)).at).toBeLessThan(10);
  expect(errors).toEqual([]);
  await page.close();
});
