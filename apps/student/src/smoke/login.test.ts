/**
 * The desktop student on a secured cluster (SCRAM logins, ACLs, nothing allowed without an ACL),
 * started by this file: main's real admission (admitStudent, what join-handlers.ts runs, with the
 * app's settings CLASSCAST_LOGIN=password) in Node against the broker, and the real bundled
 * renderer in Chromium behind a stand-in preload. The join screen asks for the password because
 * main says so; the broker's answer to a wrong password or a student of another class is the join
 * screen's one line, with no frame; a revoked student goes back to the join screen. The password
 * is never echoed: not on the page, not in the console, not in main's log.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { desktopLoginFromEnv, loginMethodOf } from '@classcast/desktop';
import { useRendererPages } from '../../../../test-support/renderer-pages.js';
import { startSecuredClassroom, type SecuredClassroom } from '../../../../test-support/secured-classroom.js';
import { admitStudent, type DesktopStudent } from '../main/desktop-student-feed.js';
import { openDesktopStudent, type DesktopStudentPage } from './desktop-student-test-helpers.js';

const PASSWORDS = { admin: 'admin-secret', turing: 'turing-secret', ada: 'ada-secret-7', bob: 'bob-secret' } as const;
const WRONG = 'not-adas-password-42';
const pages = useRendererPages('student');

describe('the desktop student logs in as themselves on a secured cluster', () => {
  let classroom: SecuredClassroom<keyof typeof PASSWORDS>;
  const sessions: DesktopStudent[] = [];
  const mainLog: string[] = [];
  const consoleLines: string[] = [];
  const math = `math-${Date.now()}`;
  const art = `art-${Date.now()}`;

  beforeAll(async () => {
    classroom = await startSecuredClassroom(PASSWORDS);
    await classroom.access.grantTeacher(math, 'turing');
    await classroom.access.grantStudent(math, 'ada');
    await classroom.access.grantStudent(art, 'bob');
    await classroom.broadcastTestFrames(math, 'turing');
  }, 120_000);

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.leave()));
    await classroom?.stop();
  });

  /** The student app as main sets it up with CLASSCAST_LOGIN=password and no login of its own. */
  async function openStudentApp(): Promise<DesktopStudentPage> {
    const appLogin = desktopLoginFromEnv({ CLASSCAST_LOGIN: 'password' });
    const opened = await openDesktopStudent(pages, {
      loginMethod: loginMethodOf(appLogin),
      async join(request, port) {
        const session = await admitStudent({
          appConnection: { brokers: classroom.cluster.bootstrapServers },
          login: appLogin,
          join: request,
          openPort: () => port,
          waitForClassMs: 20_000,
          log: (line) => void mainLog.push(line),
        });
        sessions.push(session);
        return session;
      },
    });
    opened.page.on('console', (message) => consoleLines.push(message.text()));
    return opened;
  }

  async function join(page: Page, classId: string, student: string, password: string): Promise<void> {
    await page.getByLabel('Class').fill(classId);
    await page.getByLabel('Your name').fill(student);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Join' }).click();
  }
  const refusal = (page: Page) => page.locator('.cc-refused').textContent({ timeout: 30_000 });
  /** main's answer to the one join of a page, once the page shows it. */
  async function refusedJoin(opened: DesktopStudentPage): Promise<{ code: string; message: string }> {
    const shown = await refusal(opened.page);
    const [answer] = opened.answers;
    if (answer?.ok !== false) throw new Error(`main admitted the join: ${JSON.stringify(opened.answers)}`);
    expect(shown).toBe(answer.message);
    return answer;
  }

  test('ada is asked for her password, and with it watches math: a frame is painted', async () => {
    const { page, errors, joins } = await openStudentApp();
    await expect(page.getByLabel('Password').getAttribute('type')).resolves.toBe('password');
    await join(page, math, 'ada', PASSWORDS.ada);
    await page.waitForFunction(() => (document.querySelector('canvas.cc-screen') as HTMLCanvasElement | null)?.width === 1, undefined, { timeout: 30_000 });
    await expect(page.locator('.cc-badge').getAttribute('data-status')).resolves.toBe('live');
    // The password went to main once, in the join, and nowhere on the page.
    expect(joins).toEqual([{ classId: math, student: 'ada', password: PASSWORDS.ada }]);
    expect(await page.content()).not.toContain(PASSWORDS.ada);
    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('heading', { name: 'Join a class' }).waitFor();
    await expect(page.getByLabel('Password').inputValue()).resolves.toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });

  test("a wrong password gets the broker's one line on the join screen, no frame, and is not echoed", async () => {
    const opened = await openStudentApp();
    const { page } = opened;
    await join(page, math, 'ada', WRONG);
    await expect(refusedJoin(opened)).resolves.toMatchObject({ code: 'CC_AUTH_FAILED' });
    expect(opened.sessions).toEqual([]);
    expect(await page.locator('canvas.cc-screen').count()).toBe(0);
    // The form keeps the class and the name, never the password.
    await expect(page.getByLabel('Your name').inputValue()).resolves.toBe('ada');
    await expect(page.getByLabel('Password').inputValue()).resolves.toBe('');
    expect(await page.content()).not.toContain(WRONG);
    await page.close();
  });

  test("bob, a student of art only, asking for math gets Kafka's refusal, and no frame", async () => {
    const opened = await openStudentApp();
    const { page } = opened;
    await join(page, math, 'bob', PASSWORDS.bob);
    // The group is asked about with the class: Kafka names whichever it refused first.
    await expect(refusedJoin(opened)).resolves.toMatchObject({ code: 'CC_NOT_AUTHORIZED', message: expect.stringMatching(/^Kafka says user bob may not /) });
    expect(opened.sessions).toEqual([]);
    expect(await page.locator('canvas.cc-screen').count()).toBe(0);
    await page.close();
  });

  test('a student whose access is revoked while watching goes back to the join screen with that line', async () => {
    const { page, errors } = await openStudentApp();
    await join(page, math, 'ada', PASSWORDS.ada);
    await page.waitForFunction(() => document.querySelector('.cc-badge')?.getAttribute('data-status') === 'live', undefined, { timeout: 30_000 });
    await classroom.access.revokeStudent(math, 'ada');
    await page.getByRole('heading', { name: 'Join a class' }).waitFor({ timeout: 30_000 });
    await expect(refusal(page)).resolves.toMatch(/^access ended: /);
    await expect(page.getByLabel('Password').inputValue()).resolves.toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });

  test("no password reached the console or main's log", () => {
    const secrets = [PASSWORDS.ada, PASSWORDS.bob, WRONG];
    for (const line of [...consoleLines, ...mainLog]) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});
