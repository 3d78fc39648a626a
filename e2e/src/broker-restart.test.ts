/**
 * The broker restarts mid-lesson (its own single-node cluster, same data dir and port): the
 * student's page, never reloaded, says "reconnecting…" while Kafka is gone and ends "live" again
 * with new pictures of the teacher's screen, read from the canvas pixels.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startKafka, type KafkaCluster } from '@classcast/broker';
import { openClassroom, type Classroom } from './classroom.js';
import { badgeText, joinClass, openStudentPage, saveScreenshot, shownCounter } from './student-page.js';
import { startTestTeacher, type TestTeacher } from './test-teacher.js';

let dataDir: string;
let cluster: KafkaCluster;
let classroom: Classroom;
let teacher: TestTeacher | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'classcast-e2e-restart-'));
  cluster = await startKafka({ nodes: 1, dataDir });
  classroom = await openClassroom({ brokers: cluster.bootstrapServers });
});
afterAll(async () => {
  await teacher?.stop().catch(() => undefined);
  await classroom?.close();
  await cluster?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

test('after a broker restart the page is live again, without a reload', { timeout: 240_000 }, async () => {
  const classId = `restart-${Date.now()}`;
  const current = (teacher = await startTestTeacher({ connection: { brokers: cluster.bootstrapServers }, classId, fps: 2 }));
  const { page } = await openStudentPage(classroom.browser, classroom.gateway.url);
  await joinClass(page, classId, 'ada');
  const before = await vi.waitFor(
    async () => {
      expect(await badgeText(page)).toBe('live');
      const counter = await shownCounter(page);
      expect(counter).toBeDefined();
      return counter!;
    },
    { timeout: 30_000, interval: 100 },
  );
  // Survives only if the page is never reloaded.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));

  const node = cluster.nodes[0]!;
  await node.stop();
  await vi.waitFor(async () => expect(await badgeText(page)).toBe('reconnecting…'), { timeout: 60_000, interval: 200 });
  await saveScreenshot(page, 'student-broker-down');

  await node.start();
  const restartedAt = Date.now();
  const after = await vi.waitFor(
    async () => {
      expect(await badgeText(page)).toBe('live');
      const counter = await shownCounter(page);
      expect(counter).toBeGreaterThan(before);
      expect(counter).toBeGreaterThan(current.sent.find((frame) => frame.at >= restartedAt)?.counter ?? Infinity);
      return counter!;
    },
    { timeout: 120_000, interval: 200 },
  );
  console.log(`broker restart: live again with new pictures ${Date.now() - restartedAt} ms after the broker was back`);
  expect(after).toBeGreaterThan(before);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await saveScreenshot(page, 'student-after-broker-restart');
});
