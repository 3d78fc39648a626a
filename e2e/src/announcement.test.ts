/**
 * An announcement typed into a real Apache Flume agent reaches a student's browser: netcat source
 * → Flume's Kafka sink → classcast.<class>.announcements on the real broker → gateway → the
 * banner over the viewer, read back from the page's DOM. The student is watching before the class
 * has an announcement topic at all: the reader waits for it without troubling the picture.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import { findFreePort } from '@classcast/broker';
import { AGENTS, fetchFlumeJars, renderAgentConfig, sendNetcatLines, startFlumeAgent, type FlumeAgent } from '@classcast/flume';
import { createKafkaClient, ensureAnnouncementTopic } from '@classcast/kafka';
import { openClassroom, type Classroom } from './classroom.js';
import { joinClass, openStudentPage, saveScreenshot, shownCounter } from './student-page.js';
import { startTestTeacher, type TestTeacher } from './test-teacher.js';

const connection = { brokers: inject('kafkaBrokers') };
let classroom: Classroom;
let teacher: TestTeacher | undefined;
let agent: FlumeAgent | undefined;
let flumeLibs: string;

beforeAll(async () => {
  [classroom, flumeLibs] = await Promise.all([openClassroom(connection), fetchFlumeJars()]);
});
afterAll(async () => {
  await agent?.stop();
  await teacher?.stop();
  await classroom?.close();
});

test('a line sent to a Flume netcat → Kafka sink agent shows as an announcement banner on the student page', { timeout: 240_000 }, async () => {
  const classId = `flume-announce-${Date.now()}`;
  teacher = await startTestTeacher({ connection, classId, fps: 2 });
  const { page, errors } = await openStudentPage(classroom.browser, classroom.gateway.url);
  await joinClass(page, classId, 'ada');
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeGreaterThanOrEqual(0), { timeout: 30_000, interval: 200 });
  await expect(page.locator('.cc-announcement').count()).resolves.toBe(0);

  // As a school would set it up: the topic first (the broker does not auto-create), then the agent.
  const admin = createKafkaClient(connection).admin();
  await admin.connect();
  await ensureAnnouncementTopic(admin, classId);
  await admin.disconnect();
  const netcatPort = await findFreePort();
  const config = await renderAgentConfig('announcements-sink', {
    NETCAT_HOST: '127.0.0.1',
    NETCAT_PORT: String(netcatPort),
    KAFKA_BOOTSTRAP_SERVERS: connection.brokers.join(','),
    CLASS_ID: classId,
  });
  agent = await startFlumeAgent({ agentName: AGENTS['announcements-sink'], config, libsDir: flumeLibs });
  expect(await sendNetcatLines(netcatPort, ['Fire drill at 10:40 - leave your laptops open'])).toEqual(['OK']);

  const banner = page.getByRole('status', { name: 'Announcements' });
  await vi.waitFor(async () => expect(await banner.innerText()).toContain('Fire drill at 10:40 - leave your laptops open'), { timeout: 60_000, interval: 250 });
  expect(await sendNetcatLines(netcatPort, ['Back in the room by 10:55'])).toEqual(['OK']);
  await vi.waitFor(
    async () =>
      expect(await page.locator('.cc-announcement-text').allInnerTexts()).toEqual([
        'Back in the room by 10:55',
        'Fire drill at 10:40 - leave your laptops open',
      ]),
    {
      timeout: 60_000,
      interval: 250,
    },
  );
  // Still watching: the picture keeps coming under the banners.
  const before = await shownCounter(page);
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeGreaterThan(before!), { timeout: 30_000, interval: 200 });
  await saveScreenshot(page, 'student-flume-announcement');

  await page.getByRole('button', { name: 'Dismiss announcement: Back in the room by 10:55' }).click();
  await expect(page.locator('.cc-announcement-text').allInnerTexts()).resolves.toEqual(['Fire drill at 10:40 - leave your laptops open']);
  expect(errors).toEqual([]);
  await page.close();
});
