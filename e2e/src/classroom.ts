/**
 * The rig of a browser test: the student page bundled into a folder of its own, a real gateway
 * on a free port, and Debian's Chromium; `close()` takes all of it down again. useTaughtClassroom
 * adds a teacher broadcasting, for a whole test file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { KafkaConnection } from '@classcast/kafka';
import { bundlePages, createGateway, type Gateway, type GatewayOptions } from '@classcast/web';
import { launchChromium } from '../../test-support/browser-page.js';
import { startTestTeacher, type TestTeacher } from './test-teacher.js';

export interface Classroom {
  gateway: Gateway;
  browser: Browser;
  close(): Promise<void>;
}

/** `options`: more gateway settings (student logins, limits). */
export async function openClassroom(connection: KafkaConnection, options: Partial<GatewayOptions> = {}): Promise<Classroom> {
  const publicDir = await mkdtemp(join(tmpdir(), 'classcast-e2e-page-'));
  await bundlePages({ outDir: publicDir });
  const gateway = await createGateway({ ...options, connection, port: 0, host: '127.0.0.1', publicDir });
  const browser = await launchChromium();
  return {
    gateway,
    browser,
    async close() {
      await browser.close();
      await gateway.close();
      await rm(publicDir, { recursive: true, force: true });
    },
  };
}

export interface TaughtClassroom {
  readonly classroom: Classroom;
  readonly teacher: TestTeacher;
}

/**
 * For a test file: the classroom and a test teacher broadcasting to `lesson.classId`, started
 * before its tests and taken down after them (the teacher first: students see the lesson end).
 */
export function useTaughtClassroom(connection: KafkaConnection, lesson: Omit<Parameters<typeof startTestTeacher>[0], 'connection'>): TaughtClassroom {
  let classroom: Classroom | undefined;
  let teacher: TestTeacher | undefined;
  beforeAll(async () => {
    classroom = await openClassroom(connection);
    teacher = await startTestTeacher({ connection, ...lesson });
  });
  afterAll(async () => {
    await teacher?.stop();
    await classroom?.close();
  });
  const started = <T>(part: T | undefined): T => {
    if (part === undefined) throw new Error('useTaughtClassroom: read before the test file started');
    return part;
  };
  return {
    get classroom() {
      return started(classroom);
    },
    get teacher() {
      return started(teacher);
    },
  };
}
