/**
 * `classcast class revoke` ends a command-line student's watch within a few seconds, with one
 * clear line, against a real secured broker (the broker is asked again every 3 s).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { uniqueClassId } from '@classcast/kafka/testing';
import { startSecuredClassroom, type SecuredClassroom } from '../../../test-support/secured-classroom.js';
import { classcast } from './test-helpers.js';

const USERS = { admin: 'admin-secret-r1', teacher: 'teacher-secret-r1', ada: 'ada-secret-r1' };
const classId = uniqueClassId('revoked');
let classroom: SecuredClassroom<'teacher' | 'ada'>;

beforeAll(async () => {
  classroom = await startSecuredClassroom<'teacher' | 'ada'>(USERS);
  await classroom.access.grantTeacher(classId, 'teacher');
  await classroom.access.grantStudent(classId, 'ada');
  await classroom.broadcastTestFrames(classId, 'teacher');
}, 120_000);

afterAll(async () => {
  await classroom?.stop();
});

test('a watching student whose access is revoked stops with "access ended" and a failing exit code', async () => {
  const brokers = classroom.cluster.bootstrapServers.join(',');
  const login = { CLASSCAST_SASL_USERNAME: 'admin', CLASSCAST_SASL_PASSWORD: USERS.admin };
  const watch = classcast(['watch', '--class', classId, '--student', 'ada', '--brokers', brokers], {
    CLASSCAST_SASL_USERNAME: 'ada',
    CLASSCAST_SASL_PASSWORD: USERS.ada,
  });
  await watch.waitForOutput(/received [1-9]/, 30_000);
  const revokedAt = Date.now();
  const revoke = classcast(['class', 'revoke', '--class', classId, '--student', 'ada', '--brokers', brokers], login);
  expect(await revoke.exit).toBe(0);
  const code = await watch.exit;
  expect(Date.now() - revokedAt).toBeLessThan(10_000);
  expect(code).not.toBe(0);
  expect(watch.stderr).toMatch(/access ended: Kafka says user ada may not/);
});
