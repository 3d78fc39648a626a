/**
 * The class's picture limit reaches the browser: the admin sets 640x360 on the class, the gateway
 * reads it when the student joins and tells the page, and the page's compositor refuses a
 * 1280x720 keyframe undecoded (the reason, naming the class's limit, on the banner; counted as
 * skipped) while a 320x240 one is drawn. Frames are written as any producer could.
 */
import { expect, test, vi } from 'vitest';
import { solidKeyFrame } from '@classcast/codec/testing';
import { createClassAdmin } from '@classcast/kafka';

import { useClassroomWithProducer } from './frame-producer.js';
import { joinClass, openStudentPage, readScreen, saveScreenshot } from './student-page.js';

const room = useClassroomWithProducer();
const { connection, send } = room;

test("the student page refuses a picture over the class's limit, with the reason, and draws the ones within it", { timeout: 120_000 }, async () => {
  const classId = `limited-page-${Date.now()}`;
  const admin = await createClassAdmin(connection);
  await admin.create(classId);
  await admin.setMaxPicture(classId, { width: 640, height: 360 });
  await admin.close();
  // A first picture within the limit, so the student is reading live before the others come.
  await send(classId, await solidKeyFrame(320, 240, 0, 60));

  const { page, errors } = await openStudentPage(room.classroom.browser, room.classroom.gateway.url);
  await joinClass(page, classId, 'ada');
  const screen = async () => {
    const picture = await readScreen(page);
    return picture && { width: picture.width, height: picture.height, level: picture.data[0] };
  };
  await vi.waitFor(async () => expect(await screen()).toMatchObject({ width: 320, height: 240 }), { timeout: 30_000, interval: 200 });

  await send(classId, await solidKeyFrame(1280, 720, 1, 120));
  const banner = page.getByRole('alert');
  await vi.waitFor(
    async () => expect(await banner.innerText()).toBe("keyframe 1 is 1280x720 by its frame header, more than the class's limit of 640x360 (230400 pixels)"),
    { timeout: 15_000, interval: 100 },
  );
  // The figures are for teachers, under the Details toggle.
  await page.locator('.cc-details summary').click();
  await vi.waitFor(async () => expect(await page.locator('.cc-figures').innerText()).toContain('1 skipped'), { timeout: 5000, interval: 100 });
  await saveScreenshot(page, 'student-picture-over-class-limit');

  await send(classId, await solidKeyFrame(320, 240, 2, 220));
  // The new picture (its grey level, within JPEG's rounding) replaces the first; the large one never showed.
  await vi.waitFor(
    async () => {
      const shown = await screen();
      expect(shown).toMatchObject({ width: 320, height: 240 });
      expect(Math.abs(shown!.level! - 220)).toBeLessThan(8);
    },
    { timeout: 15_000, interval: 100 },
  );
  expect(errors).toEqual([]);
  await page.close();
});
