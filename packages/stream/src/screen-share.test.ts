/**
 * The student's share flow on a real secured broker with the admin's real grant agent: a decline
 * ends it before any picture, an abort withdraws a waiting offer, and an accepted share sends
 * pictures until the teacher's take-back.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { decideShare, readShareOffers, readShareState, type ShareGrantAgent } from '@classcast/kafka';
import { uniqueClassId } from '@classcast/kafka/testing';
import { startSharingClassroom, type SecuredClassroom } from '../../../test-support/secured-classroom.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { shareScreen, type ScreenShareState } from './screen-share.js';

const USERS = { admin: 'admin-secret-ss', teacher: 'teacher-secret-ss', ada: 'ada-secret-ss' };
const classId = uniqueClassId('screen-share');
let classroom: SecuredClassroom<'admin' | 'teacher' | 'ada'> & { agent: ShareGrantAgent };

beforeAll(async () => {
  classroom = await startSharingClassroom(USERS, classId, { teacher: 'teacher', student: 'ada' });
}, 120_000);

afterAll(async () => {
  await classroom?.stop();
});

/** Waits until ada's offer is open, as the teacher's list sees it (a new offer after a decline too). */
async function offerIsOpen(): Promise<void> {
  await waitFor(async () => (await readShareState(classroom.login('teacher'), classId)).offers.includes('ada'), 10_000, "ada's open offer");
}

const decide = (decision: 'accept' | 'decline' | 'take-back') => decideShare({ connection: classroom.login('teacher'), classId, student: 'ada', decision });

test('a declined offer ends with no picture', async () => {
  const states: ScreenShareState[] = [];
  const share = shareScreen({ connection: classroom.login('ada'), classId, student: 'ada', source: 'test', pollMs: 100, onState: (e) => states.push(e.state) });
  await offerIsOpen();
  await decide('decline');
  expect(await share).toEqual({ outcome: 'declined', pictures: 0, bytes: 0 });
  expect(states).toEqual(['offered', 'declined']);
}, 60_000);

test('aborting a waiting offer withdraws it', async () => {
  const abort = new AbortController();
  const share = shareScreen({ connection: classroom.login('ada'), classId, student: 'ada', source: 'test', pollMs: 100, signal: abort.signal });
  await offerIsOpen();
  abort.abort();
  expect((await share).outcome).toBe('withdrawn');
  const offers = (await readShareOffers(classroom.login('teacher'), classId)).messages;
  expect(offers.at(-1)).toEqual({ type: 'withdraw', student: 'ada' });
}, 60_000);

test('accepted, the share sends pictures until the teacher takes the screen back', async () => {
  const states: ScreenShareState[] = [];
  let topic: string | undefined;
  const share = shareScreen({
    connection: classroom.login('ada'),
    classId,
    student: 'ada',
    source: 'test',
    fps: 10,
    pollMs: 200,
    onState(event) {
      states.push(event.state);
      topic ??= event.topic;
    },
  });
  await offerIsOpen();
  await decide('accept');
  await waitFor(() => states.includes('sharing'), 30_000, 'the sharing');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await decide('take-back');
  const result = await share;
  expect(result.outcome).toBe('taken-back');
  expect(result.pictures).toBeGreaterThan(0);
  expect(states).toEqual(['offered', 'sharing', 'taken-back']);
  expect(topic).toMatch(/shared-screens/);
}, 90_000);
