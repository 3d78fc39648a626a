/**
 * Frames written by a newer classcast reach a student page of this one: a frame of format
 * version 3, and a version 2 delta whose container is a later "CCD3". The gateway skips them
 * (CC_FRAME_UNSUPPORTED_VERSION) and says so; the page shows one line about it, not one per frame,
 * counts them as skipped, and goes on drawing the keyframes it can read.
 */
import { expect, test, vi } from 'vitest';
import { solidKeyFrame } from '@classcast/codec/testing';
import { createClassAdmin } from '@classcast/kafka';
import { encodeDeltaContainer, encodeFrame, type EncodedMessage, type Frame } from '@classcast/protocol';
import { useClassroomWithProducer } from './frame-producer.js';
import { joinClass, openStudentPage, readScreen, saveScreenshot } from './student-page.js';

const room = useClassroomWithProducer();
const { connection, send } = room;

/** A delta of one copy on `key`, as this version writes it. */
function copyDelta(key: Frame, sequence: number): EncodedMessage {
  const payload = encodeDeltaContainer({ copies: [{ sourceX: 0, sourceY: 8, targetX: 0, targetY: 0, width: key.width, height: 8 }], pictures: [], rects: [] });
  return encodeFrame({ ...key, kind: 'delta', sequence, captureTime: Date.now(), payload });
}

test("a newer classcast's frames show one line on the student page, and readable keyframes still draw", { timeout: 120_000 }, async () => {
  const classId = `newer-format-${Date.now()}`;
  const admin = await createClassAdmin(connection);
  await admin.create(classId);
  await admin.close();
  const first = await solidKeyFrame(320, 240, 0, 60);
  await send(classId, encodeFrame(first));

  const { page, errors } = await openStudentPage(room.classroom.browser, room.classroom.gateway.url);
  await joinClass(page, classId, 'ada');
  await vi.waitFor(async () => expect(await readScreen(page)).toMatchObject({ width: 320, height: 240 }), { timeout: 30_000, interval: 200 });

  for (let sequence = 1; sequence <= 3; sequence += 1) {
    const newer = copyDelta(first, sequence);
    await send(classId, { ...newer, headers: { ...newer.headers, 'cc.v': '3' } });
  }
  for (let sequence = 4; sequence <= 5; sequence += 1) {
    const delta = copyDelta(first, sequence);
    const value = delta.value.slice();
    value[3] = 0x33; // "CCD3"
    await send(classId, { ...delta, value });
  }
  const line = page.locator('.cc-newer-format');
  await vi.waitFor(async () => expect(await line.innerText()).toMatch(/newer picture format than this viewer: reload the page or update classcast/), {
    timeout: 15_000,
    interval: 100,
  });
  await page.locator('.cc-details summary').click();
  await vi.waitFor(async () => expect(await page.locator('.cc-figures').innerText()).toContain('5 skipped'), { timeout: 10_000, interval: 100 });
  expect(await line.count()).toBe(1);
  expect(await page.getByRole('alert').count()).toBe(0);
  await saveScreenshot(page, 'student-newer-format');

  await send(classId, encodeFrame(await solidKeyFrame(320, 240, 6, 220)));
  await vi.waitFor(async () => expect(Math.abs((await readScreen(page))!.data[0]! - 220)).toBeLessThan(8), { timeout: 15_000, interval: 100 });
  expect(await line.count()).toBe(1);
  expect(errors).toEqual([]);
  await page.close();
});
