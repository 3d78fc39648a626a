/**
 * "Eyes on me" in the browser, against the real broker and gateway: a student paused in a replay
 * is brought back to live by the teacher's one action, reads why, and enters full screen with one
 * click on the prompt (a page cannot go full screen by itself); a student who joins afterwards is
 * not pulled by it.
 */
import { expect, inject, test, vi } from 'vitest';
import { announceEyesOnMe } from '@classcast/kafka';
import { EYES_ON_ME_REASON } from '@classcast/protocol';
import { useTaughtClassroom } from './classroom.js';
import { badgeText, joinRunningLesson, pauseInReplay, saveScreenshot, shownCounter } from './student-page.js';

const connection = { brokers: inject('kafkaBrokers') };
const classId = `eyes-on-me-${Date.now()}`;
const taught = useTaughtClassroom(connection, { classId, fps: 4, screen: 'slide' });

test(
  'a paused student is brought back to live, told why, and goes full screen with one click; a later joiner is not pulled',
  { timeout: 120_000 },
  async () => {
    const { page, errors } = await joinRunningLesson(taught.classroom.browser, taught.classroom.gateway.url, taught.teacher, classId, 'ada');
    // Away from live: one second into the lesson, paused.
    await pauseInReplay(page, '0:01');
    expect(await page.locator('.cc-eyes-on-me').count()).toBe(0);

    // The teacher's one action (what the teacher app's button and `classcast announce --eyes-on-me` write).
    await announceEyesOnMe({ connection, classId, requireClass: true });
    await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('live');
    await vi.waitFor(async () => expect(await shownCounter(page)).toBeGreaterThanOrEqual(taught.teacher.sent.at(-1)!.counter - 3), {
      timeout: 20_000,
      interval: 100,
    });
    await expect.poll(() => page.locator('.cc-eyes-on-me-text').innerText(), { timeout: 10_000 }).toBe(EYES_ON_ME_REASON);
    const prompt = page.getByRole('button', { name: 'Go full screen' });
    expect(await prompt.isVisible()).toBe(true);
    await saveScreenshot(page, 'eyes-on-me-prompt');
    expect(await page.evaluate(() => document.fullscreenElement === null)).toBe(true);
    await prompt.click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement?.className ?? null), { timeout: 5000 }).toBe('cc-viewer');
    // Answered: the prompt goes, and the toolbar offers the way out.
    expect(await page.locator('.cc-eyes-on-me').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Leave full screen' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);

    // A student who joins after the action: live, with no prompt and no reason line from the old message.
    const late = await joinRunningLesson(taught.classroom.browser, taught.classroom.gateway.url, taught.teacher, classId, 'bob');
    await pauseInReplay(late.page, '0:01');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await badgeText(late.page)).toBe('paused');
    expect(await late.page.locator('.cc-eyes-on-me').count()).toBe(0);
    expect(late.errors).toEqual([]);
    await late.page.close();
    await page.close();
  },
);
