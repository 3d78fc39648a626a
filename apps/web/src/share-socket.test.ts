/**
 * A browser student's shared screen through the gateway (/share/ws), without a browser, on a real
 * secured broker with the admin's share agent: the student's own login offers, the teacher
 * accepts, the uploaded pictures reach the class's shared-screens topic, the take-back ends the
 * share; a wrong password or no login is the one line of a failed share.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createKafkaClient, decideShare, readShareOffers, type ShareGrantAgent } from '@classcast/kafka';
import { sharedScreenTopic } from '@classcast/protocol';
import { startSharingClassroom, type SecuredClassroom } from '../../../test-support/secured-classroom.js';
import { waitFor } from '../../../test-support/wait-for.js';
import type { Gateway } from './gateway.js';
import { createPasswordGateway, openSharePage, uniqueClassId, type TestSharePage } from './test-helpers.js';

const PASSWORDS = { admin: 'admin-secret-ws', turing: 'turing-secret-ws', ada: 'ada-secret-ws' };
const math = uniqueClassId('share-page');
let classroom: SecuredClassroom<'admin' | 'turing' | 'ada'> & { agent: ShareGrantAgent };
let gateway: Gateway;
const open: TestSharePage[] = [];

beforeAll(async () => {
  classroom = await startSharingClassroom(PASSWORDS, math, { teacher: 'turing', student: 'ada' });
  gateway = await createPasswordGateway(classroom.cluster.bootstrapServers);
}, 180_000);
afterEach(() => {
  for (const page of open.splice(0)) page.socket.terminate();
});
afterAll(async () => {
  await gateway?.close();
  await classroom?.stop();
});

async function sharePage(): Promise<TestSharePage> {
  const page = await openSharePage(gateway.url);
  open.push(page);
  return page;
}

/** A 160x90 picture: grey, with a dark box at `x`. */
function screen(x: number): Uint8Array {
  const pixels = new Uint8Array(160 * 90 * 4).fill(200);
  for (let y = 30; y < 60; y += 1) for (let i = x; i < x + 30; i += 1) pixels.set([20, 20, 120, 255], (y * 160 + i) * 4);
  return pixels;
}

/** How many messages the class's shared-screens topic holds (the admin's view). */
async function sharedMessages(): Promise<number> {
  const admin = createKafkaClient(classroom.login('admin')).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(sharedScreenTopic(math));
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
}

const decide = (decision: 'accept' | 'take-back') => decideShare({ connection: classroom.login('turing'), classId: math, student: 'ada', decision });

test("offered with the student's login, accepted, the uploaded pictures reach the shared-screens topic, taken back", async () => {
  const page = await sharePage();
  // Nothing is shared yet: an upload is not wanted.
  expect((await page.upload(screen(10), 160, 90)).ok).toBe(false);
  page.send({ type: 'share', classId: math, student: 'ada', password: PASSWORDS.ada });
  expect(await page.reply('share-state')).toEqual({ type: 'share-state', state: 'offered' });
  await decide('accept');
  expect(await page.reply('share-state')).toEqual({ type: 'share-state', state: 'sharing' });
  for (const x of [10, 40, 70, 100]) {
    expect((await page.upload(screen(x), 160, 90)).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await waitFor(async () => (await sharedMessages()) >= 2, 20_000, "ada's pictures on the shared-screens topic");
  await decide('take-back');
  expect(await page.reply('share-state')).toEqual({ type: 'share-state', state: 'taken-back' });
  expect((await page.upload(screen(10), 160, 90)).ok).toBe(false);
}, 90_000);

test('stop withdraws a waiting offer; a wrong password or no login fails with its line', async () => {
  const page = await sharePage();
  page.send({ type: 'share', classId: math, student: 'ada', password: PASSWORDS.ada });
  expect(await page.reply('share-state')).toEqual({ type: 'share-state', state: 'offered' });
  page.send({ type: 'stop' });
  expect(await page.reply('share-state')).toEqual({ type: 'share-state', state: 'withdrawn' });
  expect((await readShareOffers(classroom.login('turing'), math)).messages.at(-1)).toEqual({ type: 'withdraw', student: 'ada' });

  page.send({ type: 'share', classId: math, student: 'ada', password: 'wrong-password' });
  expect(await page.reply('share-state')).toMatchObject({ state: 'failed', message: expect.stringMatching(/refused the credentials|password/) });
  page.send({ type: 'share', classId: math, student: 'ada' });
  expect(await page.reply('share-state')).toMatchObject({ state: 'failed', message: expect.stringMatching(/this class server needs your password/) });
  page.send({ type: 'share', classId: 'no spaces', student: 'ada' } as never);
  expect(await page.reply('error')).toMatchObject({ message: expect.stringMatching(/class id/) });
}, 60_000);
