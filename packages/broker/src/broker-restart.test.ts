/**
 * A detached 3-node cluster (`classcast broker up --nodes 3`) that loses nodes and comes back on
 * its old ports, with a producer and a consumer created before the crash that go on by themselves.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Consumer, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerDown } from './broker-down.js';
import { readBrokerState } from './broker-state.js';
import { brokerStatus } from './broker-status.js';
import { brokerUp } from './broker-up.js';
import { createTopicAndWait, testKafka, withAdmin } from './kafka-client-test-helpers.js';
import { killNow } from './process-table.js';
import { waitFor } from '../../../test-support/wait-for.js';

const TOPIC = 'kept-class';

describe('a detached 3-node cluster that loses nodes', () => {
  let stateDir: string;
  let bootstrap: string[];
  let producer: Producer;
  let consumer: Consumer;
  const received: string[] = [];

  const pidsOf = async (ids?: number[]) => (await readBrokerState(stateDir))!.nodes.filter((n) => !ids || ids.includes(n.nodeId)).map((n) => n.pid);
  /** Sends through the producer made before the crash; kafkajs gives up after its retries, so ask again. */
  const sendUntilTaken = (value: string) =>
    waitFor(
      () =>
        producer.send({ topic: TOPIC, acks: -1, messages: [{ value }] }).then(
          () => true,
          () => false,
        ),
      40_000,
      `the old producer to send "${value}"`,
    );

  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'classcast-restart-'));
    const up = await brokerUp({ nodes: 3, stateDir });
    bootstrap = up.bootstrapServers;
    await withAdmin(bootstrap, (admin) => createTopicAndWait(admin, TOPIC, 3));
    const kafka = testKafka(bootstrap);
    producer = kafka.producer({ retry: { retries: 3, maxRetryTime: 1000 } });
    consumer = kafka.consumer({ groupId: `restart-${randomUUID()}`, maxWaitTimeInMs: 100, retry: { retries: 3, maxRetryTime: 1000 } });
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.value)) });
    await sendUntilTaken('before');
    await waitFor(() => received.includes('before'), 20_000, 'the consumer to read "before"');
  }, 120_000);

  afterAll(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await brokerDown({ stateDir, timeoutMs: 2000, removeData: true });
    await rm(stateDir, { recursive: true, force: true });
  });

  it('names a dead node in status, still takes writes, and starts it again on its old port', async () => {
    const before = (await readBrokerState(stateDir))!.nodes.find((n) => n.nodeId === 2)!;
    await killNow(await pidsOf([2]));
    const status = await brokerStatus({ stateDir });
    expect(status.nodes.map((n) => [n.nodeId, n.serving])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    expect(status).toMatchObject({ running: true, answering: false, writable: true });
    expect(status.summary).toContain('node(s) 2 of 3 not serving');

    const again = await brokerUp({ stateDir, onlyNode: 2 });
    expect(again).toMatchObject({ alreadyRunning: false, startedNodes: [2], bootstrapServers: bootstrap });
    const node = again.state.nodes.find((n) => n.nodeId === 2)!;
    expect(node.port).toBe(before.port);
    expect(node.pid).not.toBe(before.pid);
    expect(await brokerStatus({ stateDir })).toMatchObject({ answering: true, writable: true });
    expect(await brokerUp({ stateDir })).toMatchObject({ alreadyRunning: true, startedNodes: [] });
  }, 90_000);

  it('says writes stop with two nodes down', async () => {
    await killNow(await pidsOf([1, 3]));
    const status = await brokerStatus({ stateDir, timeoutMs: 1000 });
    expect(status).toMatchObject({ running: true, writable: false });
    expect(status.summary).toMatch(/^cannot take writes: node\(s\) 1, 3 of 3 not serving/);
  }, 60_000);

  it('after every node is killed, up restarts them on the same ports and old clients go on', async () => {
    await killNow(await pidsOf());
    expect(await brokerStatus({ stateDir, timeoutMs: 500 })).toMatchObject({ recorded: true, running: false, writable: false });
    const upStarted = Date.now();
    const up = await brokerUp({ stateDir });
    const answering = Date.now();
    expect(up).toMatchObject({ alreadyRunning: false, startedNodes: [1, 2, 3], bootstrapServers: bootstrap });
    await sendUntilTaken('after');
    const sent = Date.now();
    await waitFor(
      () => received.includes('after'),
      40_000,
      () => `the old consumer to read "after" (read ${JSON.stringify(received)})`,
    );
    // kafkajs's own defaults here (30 s request timeout), not classcast's live-stream settings.
    const figures = `up took ${answering - upStarted} ms; the old producer sent ${sent - answering} ms and the old consumer read ${Date.now() - answering} ms after it`;
    console.log(`whole-cluster restart: ${figures}`);
    expect(received).toContain('before');
  }, 120_000);
});
