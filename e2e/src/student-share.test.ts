/**
 * "Share my screen" on the student web page, in Chromium against a real gateway and broker: the
 * page's getDisplayMedia is a canvas stream (a headless browser has no screen to pick), the rest
 * is the real page, socket and gateway. The student offers, the teacher accepts, the page's
 * pictures reach the class's shared-screens topic, and the teacher's take-back shows on the page.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createBroadcaster, createKafkaClient, decideShare, ensureShareTopics, readShareState, type Broadcaster } from '@classcast/kafka';
import { sendTestKeyFrame, uniqueClassId } from '@classcast/kafka/testing';
import { sharedScreenTopic } from '@classcast/protocol';
import { collectPageErrors } from '../../test-support/browser-page.js';
import { waitFor } from '../../test-support/wait-for.js';
import { openClassroom, type Classroom } from './classroom.js';
import { joinClass, saveScreenshot } from './student-page.js';

const connection = { brokers: inject('kafkaBrokers') };
const classId = uniqueClassId('student-share');
let classroom: Classroom;
let teacher: Broadcaster;

beforeAll(async () => {
  classroom = await openClassroom(connection);
  // A lesson under way: the student watches the teacher's screen when it offers its own.
  teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  await sendTestKeyFrame(teacher);
  // On a secured cluster the share agent creates them; this open broker has none.
  const admin = createKafkaClient(connection).admin();
  await admin.connect();
  await ensureShareTopics(admin, classId).finally(() => admin.disconnect());
}, 120_000);

afterAll(async () => {
  await teacher?.stop();
  await classroom?.close();
});

async function sharedMessages(): Promise<number> {
  const admin = createKafkaClient(connection).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(sharedScreenTopic(classId))).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

test('the student page offers its screen, the accepted screen reaches the class, the take-back shows', async () => {
  const page = await classroom.browser.newPage({ viewport: { width: 1024, height: 640 } });
  const errors = collectPageErrors(page);
  await page.addInitScript(() => {
    // The "screen": a canvas whose colour changes, so the page keeps uploading changes.
    navigator.mediaDevices.getDisplayMedia = async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 180;
      const context = canvas.getContext('2d')!;
      let tick = 0;
      setInterval(() => {
        tick += 1;
        context.fillStyle = tick % 2 ? '#2050a0' : '#f0f0f0';
        context.fillRect(0, 0, 320, 180);
      }, 100);
      return canvas.captureStream(10);
    };
  });
  await page.goto(classroom.gateway.url);
  await joinClass(page, classId, 'ada');
  await page.getByRole('button', { name: 'Share my screen' }).click();
  await page.getByText('waiting for the teacher to accept your screen').waitFor();
  await waitFor(async () => (await readShareState(connection, classId)).offers.includes('ada'), 10_000, "ada's offer");

  await decideShare({ connection, classId, student: 'ada', decision: 'accept' });
  await page.getByText('your screen is on the class').waitFor({ timeout: 20_000 });
  await waitFor(async () => (await sharedMessages()) >= 3, 20_000, "ada's pictures on the shared-screens topic");
  await saveScreenshot(page, 'student-sharing');

  await decideShare({ connection, classId, student: 'ada', decision: 'take-back' });
  await page.getByText('the teacher took the screen back').waitFor({ timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Share my screen' }).isVisible()).resolves.toBe(true);
  expect(errors).toEqual([]);
  await page.close();
}, 90_000);
