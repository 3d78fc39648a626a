/**
 * School sign-in on the student page, in Chromium, against a real issuer and a real broker that
 * validates its tokens: the page sends the student to the provider, comes back signed in, and the
 * gateway passes the ID token to Kafka as SASL/OAUTHBEARER. A student the class does not have gets
 * the broker's answer; a token that expired, or one signed by a forger, is refused by the broker.
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { startKafka, type KafkaCluster } from '@classcast/broker';
import { createClassAccess, type KafkaConnection } from '@classcast/kafka';
import { uniqueClassId } from '@classcast/kafka/testing';
import { pollUntil } from '@classcast/protocol';
import { startOidcIssuer, type OidcIssuer } from '../../test-support/oidc-issuer.js';
import { openClassroom, type Classroom } from './classroom.js';
import { openStudentPage, readScreen, saveScreenshot, shownCounter } from './student-page.js';
import { startTestTeacher, type TestTeacher } from './test-teacher.js';

const CLIENT_ID = 'classcast-gateway';
const USERS = { admin: 'admin-secret-o', turing: 'turing-secret-o' };
const math = uniqueClassId('math');
let issuer: OidcIssuer;
let cluster: KafkaCluster;
let classroom: Classroom;
let teacher: TestTeacher;

beforeAll(async () => {
  // The broker fetches the issuer's keys as it starts: the issuer comes first.
  issuer = await startOidcIssuer({ defaultAudience: CLIENT_ID });
  cluster = await startKafka({
    nodes: 1,
    security: { scramUsers: USERS, oidc: { issuer: issuer.url, jwksUrl: issuer.jwksUrl, audience: CLIENT_ID, principalClaim: 'sub' } },
  });
  const admin: KafkaConnection = { brokers: cluster.bootstrapServers, sasl: { mechanism: 'scram-sha-256', username: 'admin', password: USERS.admin } };
  const access = await createClassAccess(admin);
  await access.grantTeacher(math, 'turing');
  await access.grantStudent(math, 'ada@school.example');
  await access.grantTeacher(math, 'babbage@school.example');
  await access.close();
  teacher = await startTestTeacher({
    connection: { brokers: cluster.bootstrapServers, sasl: { mechanism: 'scram-sha-256', username: 'turing', password: USERS.turing } },
    classId: math,
    fps: 2,
  });
  classroom = await openClassroom(
    { brokers: cluster.bootstrapServers },
    { studentLogin: { method: 'oidc', provider: 'Test School', issuer: issuer.url, clientId: CLIENT_ID } },
  );
}, 120_000);

afterAll(async () => {
  await teacher?.stop();
  await classroom?.close();
  await cluster?.stop();
  await issuer?.close();
});

/** Opens the page for the class, signs in with the provider (as `who`) and joins. */
async function signInAndJoin(who: string) {
  issuer.signInAs(who);
  const { page, errors } = await openStudentPage(classroom.browser, `${classroom.gateway.url}?class=${math}`);
  await page.getByRole('button', { name: 'Sign in with Test School' }).click();
  await page.getByText(`Signed in as ${who}`).waitFor({ timeout: 15_000 });
  // The token came in the fragment and is gone from the address bar.
  expect(new URL(page.url()).hash).toBe('');
  await page.getByRole('button', { name: 'Join' }).click();
  return { page, errors };
}

test('a student signs in with the school and watches the class', async () => {
  const { page, errors } = await signInAndJoin('ada@school.example');
  await vi.waitFor(async () => expect(await shownCounter(page)).toBeDefined(), { timeout: 30_000, interval: 100 });
  await saveScreenshot(page, 'school-sign-in-watching');
  expect(errors).toEqual([]);
  await page.close();
});

test("a signed-in student the class does not have gets the broker's answer and no picture", async () => {
  const { page } = await signInAndJoin('bob@school.example');
  await expect.poll(() => page.locator('.cc-refused').innerText(), { timeout: 20_000 }).toMatch(/^Kafka says user bob@school.example may not/);
  expect(await readScreen(page)).toBeUndefined();
  await page.close();
});

/** A raw socket joining with `token` (what a page that kept an old token, or a forger, would send). */
async function joinWithToken(token: string, student: string): Promise<{ code: string | undefined; frames: number }> {
  const socket = new WebSocket(new URL('/ws', classroom.gateway.url).href.replace(/^http/, 'ws'));
  let code: string | undefined;
  let frames = 0;
  socket.on('message', (data: Buffer, isBinary) => {
    if (isBinary) frames += 1;
    else code ??= (JSON.parse(data.toString()) as { code?: string }).code;
  });
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'join', classId: math, student, token }));
  await new Promise((resolve) => socket.once('close', resolve));
  return { code, frames };
}

test('an expired token and a forged one are refused by the broker, with no frame', async () => {
  // Kafka allows 30 s of clock skew: this token expired well before that.
  const expired = await issuer.sign({ sub: 'ada@school.example', aud: CLIENT_ID, expiresInSeconds: -120 });
  const forged = await issuer.signForged({ sub: 'ada@school.example', aud: CLIENT_ID });
  expect(await joinWithToken(expired, 'ada@school.example')).toEqual({ code: 'CC_TOKEN_REFUSED', frames: 0 });
  expect(await joinWithToken(forged, 'ada@school.example')).toEqual({ code: 'CC_TOKEN_REFUSED', frames: 0 });
  // A valid token used under another name never reaches Kafka.
  const valid = await issuer.sign({ sub: 'ada@school.example', aud: CLIENT_ID });
  expect(await joinWithToken(valid, 'cleo@school.example')).toEqual({ code: 'CC_GATEWAY_LOGIN_REQUIRED', frames: 0 });
});

test('a session ends when its sign-in expires, with a line that says to sign in again', async () => {
  const shortLived = await issuer.sign({ sub: 'ada@school.example', aud: CLIENT_ID, expiresInSeconds: 15 });
  const socket = new WebSocket(new URL('/ws', classroom.gateway.url).href.replace(/^http/, 'ws'));
  const seen: { frames: number; error?: { code: string; message: string } } = { frames: 0 };
  socket.on('message', (data: Buffer, isBinary) => {
    if (isBinary) seen.frames += 1;
    else {
      const message = JSON.parse(data.toString()) as { type: string; code: string; message: string };
      if (message.type === 'error') seen.error = message;
    }
  });
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'join', classId: math, student: 'ada@school.example', token: shortLived }));
  expect(await pollUntil(() => seen.frames > 0, { intervalMs: 100, timeoutMs: 12_000 })).toBe(true);
  await new Promise((resolve) => socket.once('close', resolve));
  expect(seen.error).toEqual({ type: 'error', code: 'CC_ACCESS_ENDED', message: 'your sign-in has expired: sign in again' });
});

test("a teacher signs in to the teacher console with the school, and the broker takes the token's teacher: their class yes, another no", async () => {
  issuer.signInAs('babbage@school.example');
  const { page: console_, errors } = await openStudentPage(classroom.browser, new URL(`/teach?class=${math}`, classroom.gateway.url).href);
  await console_.getByRole('button', { name: 'Sign in with Test School' }).click();
  await console_.getByText('Logged in as babbage@school.example').waitFor({ timeout: 15_000 });
  expect(new URL(console_.url()).pathname).toBe('/teach');
  expect(new URL(console_.url()).hash).toBe('');
  expect(await console_.getByLabel('Class').inputValue()).toBe(math);

  const { page: student } = await signInAndJoin('ada@school.example');
  await console_.getByLabel('Announcement').fill('Quiz in five minutes');
  await console_.getByRole('button', { name: 'Announce' }).click();
  await expect.poll(() => student.locator('.cc-announcement-text').allInnerTexts(), { timeout: 20_000 }).toEqual(['Quiz in five minutes']);

  // Another class: the token's teacher has no grant there, and the broker says so.
  await console_.getByLabel('Class').fill(uniqueClassId('art'));
  await console_.getByLabel('Announcement').fill('Not for you');
  await console_.getByRole('button', { name: 'Announce' }).click();
  await expect.poll(() => console_.getByRole('alert').innerText(), { timeout: 20_000 }).toMatch(/may not do that \(TOPIC_AUTHORIZATION_FAILED\)/);
  await saveScreenshot(console_, 'teacher-console-school-sign-in');
  expect(errors).toEqual([]);
  await Promise.all([console_.close(), student.close()]);
});
