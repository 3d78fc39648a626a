/**
 * The desktop student's "Share my screen" in main, on a real secured broker with the admin's share
 * agent and the app's password login: the student's own login offers, the teacher accepts, the
 * screen (source `test`) reaches the class's shared-screens topic, the take-back ends it; stop()
 * withdraws a waiting offer; a wrong password fails with the broker's reason.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { decideShare, readShareOffers, readShareHolder, type ShareGrantAgent } from '@classcast/kafka';
import { uniqueClassId } from '@classcast/kafka/testing';
import type { ShareScreenUpdate } from '@classcast/ui';
import { startSharingClassroom, type SecuredClassroom } from '../../../../test-support/secured-classroom.js';
import { waitFor } from '../../../../test-support/wait-for.js';
import { createDesktopScreenShares, type DesktopScreenShares } from './desktop-screen-share.js';

const PASSWORDS = { admin: 'admin-secret-ds', turing: 'turing-secret-ds', ada: 'ada-secret-ds' };
const classId = uniqueClassId('desktop-share');
let classroom: SecuredClassroom<'admin' | 'turing' | 'ada'> & { agent: ShareGrantAgent };
let shares: DesktopScreenShares;

beforeAll(async () => {
  classroom = await startSharingClassroom(PASSWORDS, classId, { teacher: 'turing', student: 'ada' });
  // The app's settings hold only the brokers: each student logs in as themselves.
  shares = createDesktopScreenShares({ appConnection: () => ({ brokers: classroom.cluster.bootstrapServers }), login: { method: 'password' }, source: 'test' });
}, 120_000);

afterAll(async () => {
  await shares?.stopAll();
  await classroom?.stop();
});

const decide = (decision: 'accept' | 'take-back') => decideShare({ connection: classroom.login('turing'), classId, student: 'ada', decision });
const stateIs = (updates: ShareScreenUpdate[], state: ShareScreenUpdate['state']) => () => updates.at(-1)?.state === state;

test("ada's screen goes to the class once the teacher accepts, and stops at the take-back", async () => {
  const updates: ShareScreenUpdate[] = [];
  await shares.start(1, { classId, student: 'ada', password: PASSWORDS.ada }, (update) => updates.push(update));
  await waitFor(stateIs(updates, 'offered'), 20_000, 'the offer');
  await decide('accept');
  await waitFor(stateIs(updates, 'sharing'), 30_000, 'the sharing');
  expect(await readShareHolder(classroom.login('turing'), classId)).toBe('ada');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await decide('take-back');
  await waitFor(stateIs(updates, 'taken-back'), 30_000, 'the take-back');
  expect(updates.map((update) => update.state)).toEqual(['offered', 'sharing', 'taken-back']);
}, 90_000);

test('stop() withdraws a waiting offer; a wrong password fails with the reason', async () => {
  const updates: ShareScreenUpdate[] = [];
  await shares.start(2, { classId, student: 'ada', password: PASSWORDS.ada }, (update) => updates.push(update));
  await waitFor(stateIs(updates, 'offered'), 20_000, 'the offer');
  await shares.stop(2);
  expect(updates.map((update) => update.state)).toEqual(['offered', 'withdrawn']);
  expect((await readShareOffers(classroom.login('turing'), classId)).messages.at(-1)).toEqual({ type: 'withdraw', student: 'ada' });

  const refused: ShareScreenUpdate[] = [];
  await shares.start(3, { classId, student: 'ada', password: 'wrong-password' }, (update) => refused.push(update));
  await waitFor(stateIs(refused, 'failed'), 20_000, 'the failure');
  expect(refused[0]?.message).toMatch(/password|authenticat/i);
}, 90_000);
