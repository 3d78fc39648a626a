/**
 * `classcast class revoke` ends a command-line student's watch within a few seconds, with one
 * clear line, against a real secured broker (the broker is asked again every 3 s).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startKafka, type KafkaCluster } from '@classcast/broker';
import { createBroadcaster, createClassAccess, type Broadcaster, type KafkaConnection } from '@classcast/kafka';
import { sendTestKeyFrame, uniqueClassId } from '@classcast/kafka/testing';
import { classcast } from './test-helpers.js';

const USERS = { admin: 'admin-secret-r1', ada: 'ada-secret-r1' };
const classId = uniqueClassId('revoked');
let cluster: KafkaCluster;
let admin: KafkaConnection;
let broadcaster: Broadcaster;
let ticker: ReturnType<typeof setInterval>;

beforeAll(async () => {
  cluster = await startKafka({ nodes: 1, security: { scramUsers: USERS } });
  admin = { brokers: cluster.bootstrapServers, sasl: { mechanism: 'scram-sha-256', username: 'admin', password: USERS.admin } };
  const access = await createClassAccess(admin);
  await access.grantStudent(classId, 'ada');
  await access.close();
  broadcaster = createBroadcaster({ connection: admin, classId });
  await broadcaster.start();
  ticker = setInterval(() => void sendTestKeyFrame(broadcaster).catch(() => undefined), 300);
}, 120_000);

afterAll(async () => {
  clearInterval(ticker);
  await broadcaster?.stop();
  await cluster?.stop();
});

test('a watching student whose access is revoked stops with "access ended" and a failing exit code', async () => {
  const brokers = cluster.bootstrapServers.join(',');
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
