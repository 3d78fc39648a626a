/**
 * `classcast share` end to end on a real secured broker: the student offers, the teacher accepts,
 * the admin's share agent grants, the student's screen reaches the class's shared-screens topic,
 * and the teacher's take-back ends the student's share with one line.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readShareOffers } from '@classcast/kafka';
import { uniqueClassId } from '@classcast/kafka/testing';
import { pollUntil } from '@classcast/protocol';
import { startSecuredClassroom, type SecuredClassroom } from '../../../test-support/secured-classroom.js';
import { classcast } from './test-helpers.js';

const USERS = { admin: 'admin-secret-s1', teacher: 'teacher-secret-s1', ada: 'ada-secret-s1' };
const classId = uniqueClassId('share');
let classroom: SecuredClassroom<'teacher' | 'ada'>;

beforeAll(async () => {
  classroom = await startSecuredClassroom<'teacher' | 'ada'>(USERS);
  await classroom.access.grantTeacher(classId, 'teacher');
  await classroom.access.grantStudent(classId, 'ada');
}, 120_000);

afterAll(async () => {
  await classroom?.stop();
});

test('offer, accept, share, take back: the share ends with one line and the agent logs each grant', async () => {
  const brokers = classroom.cluster.bootstrapServers.join(',');
  const as = (user: keyof typeof USERS) => ({ CLASSCAST_SASL_USERNAME: user, CLASSCAST_SASL_PASSWORD: USERS[user] });
  const agent = classcast(['share-agent', '--class', classId, '--brokers', brokers], as('admin'));
  await agent.waitForOutput(/nobody shares now/, 30_000);

  const share = classcast(['share', '--class', classId, '--student', 'ada', '--source', 'test', '--fps', '5', '--brokers', brokers], as('ada'));
  await share.waitForOutput(/waiting for the teacher/, 30_000);
  await pollUntil(async () => (await readShareOffers(classroom.login('teacher'), classId)).messages.length > 0, { intervalMs: 200, timeoutMs: 10_000 });

  const accept = classcast(['share', 'accept', '--class', classId, '--student', 'ada', '--brokers', brokers], as('teacher'));
  expect(await accept.exit).toBe(0);
  await share.waitForOutput(/sharing ada's screen/, 30_000);
  await agent.waitForOutput(/gave ada WRITE/, 30_000);

  // A student may not decide for itself.
  const selfAccept = classcast(['share', 'accept', '--class', classId, '--student', 'ada', '--brokers', brokers], as('ada'));
  expect(await selfAccept.exit).not.toBe(0);
  expect(selfAccept.stderr).toMatch(/may not do that/);

  await new Promise((resolve) => setTimeout(resolve, 2000));
  const takeBack = classcast(['share', 'take-back', '--class', classId, '--student', 'ada', '--brokers', brokers], as('teacher'));
  expect(await takeBack.exit).toBe(0);
  expect(await share.exit).toBe(0);
  expect(share.stderr).toMatch(/the teacher took the screen back/);
  expect(share.stderr).toMatch(/shared [1-9]\d* pictures/);
  expect(share.stderr).not.toMatch(/\n\s+at /);
  await agent.waitForOutput(/took WRITE on \S+ from ada/, 30_000);
  agent.kill('SIGINT');
  expect(await agent.exit).toBe(0);
}, 120_000);
