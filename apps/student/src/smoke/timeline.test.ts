/**
 * The desktop student's timeline end to end, without the Electron binary: main's real student
 * session (StudentStream, replay session, Subscription) runs here in Node against the real
 * broker, and the real bundled renderer runs in Chromium, joined by a stand-in preload
 * (desktop-student-test-helpers.ts) as Electron's IPC and MessagePort would. The student seeks back with the Timeline,
 * sees that moment's picture (its counter read from the canvas pixels), and returns to live.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test, inject, vi } from 'vitest';
import { readTestPatternCounter, renderCounterSlide } from '@classcast/capture';
import { createFrameEncoder } from '@classcast/codec';
import { createBroadcaster, type Broadcaster } from '@classcast/kafka';
import { pause } from '@classcast/protocol';
import { readViewerCanvas } from '../../../../test-support/browser-page.js';
import { useRendererPages } from '../../../../test-support/renderer-pages.js';
import { joinClass, type DesktopStudent } from '../main/desktop-student-feed.js';
import { openDesktopStudent } from './desktop-student-test-helpers.js';

const connection = { brokers: inject('kafkaBrokers') };
const pages = useRendererPages('student');
const classId = `desktop-timeline-${Date.now()}`;
const PATTERN = { width: 640, height: 360 };
/**
 * 4 pictures a second from a minute ago, so "0:05" is picture 20; then the teacher stays on
 * picture 20 for 25 s, so a replay from 0:05 shows exactly picture 20 until long after the test looked.
 */
const base = Date.now() - 60_000;
const captureTime = (n: number) => base + n * 250 + (n > 20 ? 25_000 : 0);
let teacher: Broadcaster;
const encoder = createFrameEncoder({ keyframeIntervalMs: 2000, quality: 85 });
let key = { sequence: 0, captureTime: base };
let sent = 0;
const sessions: DesktopStudent[] = [];

async function sendPicture(n: number, capturedAt = captureTime(n)): Promise<void> {
  const encoded = await encoder.encode({ data: renderCounterSlide(n, PATTERN.width, PATTERN.height), ...PATTERN, pixelFormat: 'rgba', capturedAt });
  if (encoded.kind === 'unchanged') throw new Error('the counter changes every picture');
  if (encoded.kind === 'key') key = { sequence: n, captureTime: capturedAt };
  await teacher.send({ ...encoded, sequence: n, captureTime: capturedAt, keySequence: key.sequence, keyCaptureTime: key.captureTime, payload: encoded.bytes });
  sent = n;
}

beforeAll(async () => {
  teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  // 40 pictures: keyframes every 2 s (8 pictures), tile deltas between.
  for (let n = 0; n < 40; n += 1) await sendPicture(n);
});
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.leave()));
  await teacher?.stop();
});

/** The renderer with main's real student session behind its stand-in preload. */
async function openTimelineStudent(): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openDesktopStudent(pages, {
    join({ classId: joinedClass, student }, port) {
      const session = joinClass({ connection, classId: joinedClass, student, port });
      sessions.push(session);
      return session;
    },
  });
  return { page, errors };
}

async function shownCounter(page: Page): Promise<number | undefined> {
  const picture = await readViewerCanvas(page);
  return picture && readTestPatternCounter(picture, PATTERN);
}
const badge = (page: Page) => page.locator('.cc-badge').getAttribute('data-status');

test('the desktop student seeks back to the right picture with the timeline, then returns to live', { timeout: 90_000 }, async () => {
  const { page, errors } = await openTimelineStudent();
  await page.getByLabel('Class').fill(classId);
  await page.getByLabel('Your name').fill('ada');
  await page.getByRole('button', { name: 'Join' }).click();
  // Live: the newest picture, and a timeline of the lesson so far.
  await vi.waitFor(async () => expect(await shownCounter(page)).toBe(39), { timeout: 30_000, interval: 100 });
  await expect.poll(() => page.getByRole('button', { name: 'Back to live' }).isDisabled(), { timeout: 20_000 }).toBe(true);

  // 0:05 is picture 20 (its keyframe 16 and deltas 17-19 rebuild it without being painted).
  const seekedAt = Date.now();
  await page.getByLabel('Jump to').fill('0:05');
  await page.getByRole('button', { name: 'Go' }).click();
  await vi.waitFor(async () => expect(await shownCounter(page)).toBe(20), { timeout: 20_000, interval: 20 });
  console.log(`desktop student timeline: picture 20 shown ${Date.now() - seekedAt} ms after Go`);
  await expect.poll(() => badge(page), { timeout: 10_000 }).toBe('replay');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect.poll(() => badge(page), { timeout: 10_000 }).toBe('paused');
  await pause(500);
  expect(await shownCounter(page)).toBe(20);

  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect.poll(() => badge(page), { timeout: 20_000 }).toBe('live');
  await vi.waitFor(async () => expect(await shownCounter(page)).toBe(39), { timeout: 20_000, interval: 100 });
  // …and follows what the teacher shows next.
  await sendPicture(40, Date.now());
  await vi.waitFor(async () => expect(await shownCounter(page)).toBe(sent), { timeout: 20_000, interval: 100 });
  expect(errors).toEqual([]);
  await page.close();
});
