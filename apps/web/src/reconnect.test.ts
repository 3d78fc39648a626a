/**
 * The student page's WebSocket feed (from @classcast/ui, here on the `ws` package) against the
 * real gateway: when the gateway goes away it says 'reconnecting', and when a gateway is back on
 * the same address it joins again by itself and is 'live' with new frames, no reload needed.
 */
import { afterEach, expect, inject, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createBroadcaster } from '@classcast/kafka';
import { sendTestKeyFrame } from '@classcast/kafka/testing';
import { createWebSocketFeed, type FeedEvent } from '@classcast/ui';
import { pause } from '@classcast/protocol';
import { createGateway, type Gateway } from './gateway.js';
import { uniqueClassId } from './test-helpers.js';

const connection = { brokers: inject('kafkaBrokers') };
const cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

test('the feed reconnects with backoff after the gateway restarts, without a reload', { timeout: 120_000 }, async () => {
  const classId = uniqueClassId('web-reconnect');
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  cleanup.push(() => teacher.stop());
  const sendKey = () => sendTestKeyFrame(teacher, 1000);
  await sendKey();

  let gateway: Gateway = await createGateway({ connection, port: 0, host: '127.0.0.1' });
  cleanup.push(() => gateway.close());
  const port = gateway.port;
  const events: FeedEvent[] = [];
  const feed = createWebSocketFeed({
    url: `ws://127.0.0.1:${port}/ws`,
    classId,
    student: 'ada',
    backoff: { initialMs: 100, maxMs: 1000 },
    createSocket: (url) => new WebSocket(url) as unknown as globalThis.WebSocket,
  });
  cleanup.push(() => feed.close());
  feed.subscribe((event) => events.push(event));
  const statuses = () => events.flatMap((event) => (event.type === 'status' ? [event.status] : []));
  const sequences = () => events.flatMap((event) => (event.type === 'frame' ? [event.frame.sequence] : []));

  await vi.waitFor(() => expect(sequences()).toEqual([0]), { timeout: 20_000, interval: 50 });
  expect(statuses().at(-1)).toBe('live');

  await gateway.close();
  await vi.waitFor(() => expect(statuses().at(-1)).toBe('reconnecting'), { timeout: 10_000, interval: 20 });
  await pause(1500); // a few failed attempts while it is down

  const restartedAt = Date.now();
  gateway = await createGateway({ connection, port, host: '127.0.0.1' });
  await sendKey();
  await vi.waitFor(() => expect(sequences().at(-1)).toBe(1), { timeout: 30_000, interval: 20 });
  expect(statuses().at(-1)).toBe('live');
  expect(feed.connections).toBeGreaterThan(2);
  console.log(`feed live again ${Date.now() - restartedAt} ms after the gateway came back`);
});
