/**
 * The student page on a secured cluster, in Chromium: the join form asks for the password, a
 * student of another class gets the broker's answer in one line and no picture, and a granted
 * student watches the teacher's screen. The open classroom's page says that anyone may watch.
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { uniqueClassId } from '@classcast/kafka/testing';
import { startSecuredClassroom, type SecuredClassroom } from '../../test-support/secured-classroom.js';
import { openClassroom, type Classroom } from './classroom.js';
import { joinClass, openStudentPage, readScreen, saveScreenshot, shownCounter } from './student-page.js';
import { startTestTeacher, type TestTeacher } from './test-teacher.js';

const USERS = { admin: 'admin-secret-p', turing: 'turing-secret-p', ada: 'ada-secret-p', bob: 'bob-secret-p' };
type User = Exclude<keyof typeof USERS, 'admin'>;
const math = uniqueClassId('math');
const art = uniqueClassId('art');
let kafka: SecuredClassroom<User>;
let classroom: Classroom;
let teacher: TestTeacher;

beforeAll(async () => {
  kafka = await startSecuredClassroom<User>(USERS);
  await kafka.access.grantTeacher(math, 'turing');
  await kafka.access.grantStudent(math, 'ada');
  await kafka.access.grantStudent(art, 'bob');
  teacher = await startTestTeacher({ connection: kafka.login('turing'), classId: math, fps: 2 });
  classroom = await openClassroom({ brokers: kafka.cluster.bootstrapServers }, { studentLogin: { method: 'password' } });
}, 120_000);

afterAll(async () => {
  await teacher?.stop();
  await classroom?.close();
  await kafka?.stop();
});

async function joinWithPassword(student: User, classId: string) {
  const { page, errors } = await openStudentPage(classroom.browser, classroom.gateway.url);
  await joinClass(page, classId, student);
  // The form does not go without a password when the class server needs one.
  await expect.poll(() => page.getByRole('alert').innerText()).toBe('enter your password');
  await page.getByLabel('Password').fill(USERS[student]);
  await page.getByRole('button', { name: 'Join' }).click();
  return { page, errors };
}

test("a student of art asking for math gets the broker's answer in one line, and no picture", async () => {
  const { page } = await joinWithPassword('bob', math);
  await expect
    .poll(() => page.locator('.cc-refused').innerText(), { timeout: 20_000 })
    .toMatch(/^Kafka says user bob may not .+: ask your teacher to add you to class math-/);
  expect(await page.getByLabel('Password').inputValue()).toBe(''); // asked again, not kept
  expect(await readScreen(page)).toBeUndefined();
  await saveScreenshot(page, 'secured-join-refused');
  await page.close();
});

test("ada logs in with her password and sees the teacher's screen", async () => {
  const { page, errors } = await joinWithPassword('ada', math);
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeDefined(), { timeout: 30_000, interval: 100 });
  await saveScreenshot(page, 'secured-watching');
  expect(errors).toEqual([]);
  await page.close();
});

test('the open classroom asks for no password and says that anyone on the network may watch', async () => {
  const open = await openClassroom({ brokers: ['127.0.0.1:1'] });
  try {
    const { page } = await openStudentPage(open.browser, open.gateway.url);
    await expect.poll(() => page.locator('.cc-note').innerText()).toMatch(/anyone on this network can watch/);
    expect(await page.getByLabel('Password').count()).toBe(0);
    await page.close();
  } finally {
    await open.close();
  }
});
