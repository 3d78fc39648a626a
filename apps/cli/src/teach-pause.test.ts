/**
 * `classcast teach` on a replicated class (3 brokers, min.insync.replicas 2): with two brokers
 * down it says within 3 s that the broadcast is paused and why, and that it resumed once they
 * are back on their ports.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startKafka, type KafkaCluster } from '@classcast/broker';
import { createClassAdmin } from '@classcast/kafka';
import { uniqueClassId } from '@classcast/kafka/testing';
import { classcast } from './test-helpers.js';

let cluster: KafkaCluster;
beforeAll(async () => {
  cluster = await startKafka({ nodes: 3 });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

test('teach names the cause of a pause (2 of 3 brokers unreachable) and says when it resumed', async () => {
  const classId = uniqueClassId('pause');
  const admin = await createClassAdmin({ brokers: cluster.bootstrapServers });
  await admin.create(classId, { replicationFactor: 3, minInsyncReplicas: 2 });
  await admin.close();
  const teacher = classcast(['teach', '--class', classId, '--fps', '5', '--brokers', cluster.bootstrapServers.join(',')]);
  try {
    await teacher.waitForOutput(/teaching class/, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [, second, third] = cluster.nodes;
    const killedAt = Date.now();
    await Promise.all([second!.kill(), third!.kill()]);
    await teacher.waitForOutput(/the broadcast is paused: 2 of 3 brokers unreachable \(.+\), Kafka is moving the class/, 10_000);
    const shownAfterMs = Date.now() - killedAt;
    console.log(`teach: "paused" shown ${shownAfterMs} ms after two of three brokers were killed`);
    // 3 s is the target; a second more for a CPU shared with other tests.
    expect(shownAfterMs).toBeLessThan(4000);
    expect(teacher.stderr).not.toMatch(/is the broker running/);

    await Promise.all([second!.start(), third!.start()]);
    await teacher.waitForOutput(/the broadcast resumed after [\d.]+ s paused/, 60_000);
  } finally {
    teacher.kill();
    await teacher.exit;
  }
  expect(teacher.stderr).toMatch(/broadcast ended after \d+ pictures \(\d+ keyframes, \d+ deltas; plus \d+ messages repeating a picture/);
}, 120_000);
