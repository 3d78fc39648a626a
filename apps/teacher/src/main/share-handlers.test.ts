/**
 * "Students' screens" in the teacher app's main process, on a real secured broker with the admin's
 * share agent: the handlers list a student's offer and decide on it with the teacher's own login,
 * and the broker refuses a student's login.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { offerScreen, readShareHolder, type ShareGrantAgent } from '@classcast/kafka';
import { uniqueClassId } from '@classcast/kafka/testing';
import type { Credentials } from '@classcast/protocol';
import { startSharingClassroom, type SecuredClassroom } from '../../../../test-support/secured-classroom.js';
import { recordingIpc } from './ipc-test-helpers.js';
import { parseShareDecisionRequest, setupShareHandlers } from './share-handlers.js';

const PASSWORDS = { admin: 'admin-secret-th', turing: 'turing-secret-th', ada: 'ada-secret-th' };
const classId = uniqueClassId('teacher-share');
let classroom: SecuredClassroom<'admin' | 'turing' | 'ada'> & { agent: ShareGrantAgent };

beforeAll(async () => {
  classroom = await startSharingClassroom(PASSWORDS, classId, { teacher: 'turing', student: 'ada' });
}, 120_000);

afterAll(async () => {
  await classroom?.stop();
});

test('a decision request needs a class, a student name and one of the three decisions', () => {
  expect(parseShareDecisionRequest({ classId: 'math', student: 'ada', decision: 'accept' })).toEqual({ classId: 'math', student: 'ada', decision: 'accept' });
  expect(() => parseShareDecisionRequest({ classId: 'math', student: 'ada', decision: 'grant' })).toThrow(/decision must be one of accept, decline, take-back/);
  expect(() => parseShareDecisionRequest({ classId: 'math', student: 'a b', decision: 'accept' })).toThrow(/student name/);
});

test("the handlers list a student's offer, accept it and take it back with the teacher's login", async () => {
  const { ipc, handlers } = recordingIpc();
  setupShareHandlers(ipc, { connection: (credentials?: Credentials) => classroom.login(credentials!.username as 'turing' | 'ada') });
  const as = (user: 'turing' | 'ada'): Credentials => ({ kind: 'password', username: user, password: PASSWORDS[user] });
  const state = (user: 'turing' | 'ada' = 'turing') => handlers.get('classcast:teacher:share-state')!({ classId, credentials: as(user) });
  const decide = (decision: string, user: 'turing' | 'ada' = 'turing') =>
    handlers.get('classcast:teacher:decide-share')!({ classId, student: 'ada', decision, credentials: as(user) });

  await offerScreen({ connection: classroom.login('ada'), classId, student: 'ada' });
  await expect(state()).resolves.toEqual({ ok: true, offers: ['ada'] });
  await expect(decide('accept', 'ada')).resolves.toMatchObject({ ok: false, message: expect.stringMatching(/may not/) });
  await expect(decide('accept')).resolves.toEqual({ ok: true });
  await expect(state()).resolves.toEqual({ ok: true, offers: [], holder: 'ada' });
  expect(await readShareHolder(classroom.login('turing'), classId)).toBe('ada');
  await expect(decide('take-back')).resolves.toEqual({ ok: true });
  await expect(state()).resolves.toEqual({ ok: true, offers: [] });
}, 60_000);
