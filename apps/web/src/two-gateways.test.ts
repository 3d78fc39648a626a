/**
 * Two gateways behind one plain load balancer (a TCP balancer here; docs/DEPLOY.md shows nginx
 * and HAProxy): a student whose gateway goes away reconnects through the balancer to the other
 * and goes on from where it was: live stays live, a student paused in a replay is paused at the
 * same picture. The student page's own feed (@classcast/ui) does the reconnecting.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { WebSocket } from 'ws';
import { createBroadcaster, listStudents, type Broadcaster } from '@classcast/kafka';
import type { GatewayTimeline } from '@classcast/protocol';
import { createWebSocketFeed, type FeedEvent, type WebSocketFeed } from '@classcast/ui';
import { waitFor } from '../../../test-support/wait-for.js';
import { createGateway, type Gateway } from './gateway.js';
import { createFrameSender, startTestBalancer, uniqueClassId, type TestBalancer } from './test-helpers.js';

const connection = { brokers: inject('kafkaBrokers') };
const classId = uniqueClassId('two-gateways');
let teacher: Broadcaster;
let ticker: ReturnType<typeof setInterval>;
const gateways: Gateway[] = [];
let balancer: TestBalancer;
const feeds: WebSocketFeed[] = [];
const logged: string[] = [];

const startGateway = async (gatewayId: string) => {
  const gateway = await createGateway({ connection, port: 0, host: '127.0.0.1', gatewayId, log: (line) => void logged.push(`${gatewayId}: ${line}`) });
  gateways.push(gateway);
  return gateway;
};

beforeAll(async () => {
  teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  const frames = createFrameSender(teacher);
  // 10 frames a second, a keyframe every 20: as a teacher stream sends them.
  const send = () => frames.send(teacher.nextSequence % 20 === 0 ? 'key' : 'delta');
  await send();
  ticker = setInterval(() => void send().catch(() => undefined), 100);
  const first = await startGateway('gw-a');
  await startGateway('gw-b');
  balancer = await startTestBalancer(first.port);
}, 60_000);

afterAll(async () => {
  clearInterval(ticker);
  for (const feed of feeds) feed.close();
  await balancer?.close();
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await teacher?.stop();
});

function watch(student: string) {
  const events: FeedEvent[] = [];
  const feed = createWebSocketFeed({
    url: `ws://127.0.0.1:${balancer.port}/ws`,
    classId,
    student,
    backoff: { initialMs: 100, maxMs: 500 },
    createSocket: (url) => new WebSocket(url) as unknown as globalThis.WebSocket,
  });
  feeds.push(feed);
  feed.subscribe((event) => events.push(event));
  const frames = () => events.flatMap((event) => (event.type === 'frame' ? [event] : []));
  const timelines = () => events.filter((event): event is GatewayTimeline => event.type === 'timeline');
  return { feed, events, frames, timelines };
}

/** The gateway the balancer sends new connections to goes away; the balancer sends them to `next`. */
async function moveStudents(from: Gateway, next: Gateway): Promise<void> {
  balancer.target = next.port;
  await from.close();
}

test('a live student whose gateway goes away goes on live through the other one', async () => {
  const [a, b] = gateways as [Gateway, Gateway];
  const ada = watch('ada');
  await waitFor(() => ada.frames().filter((frame) => !frame.catchingUp).length >= 5, 20_000, 'live frames through gateway a');
  expect(a.sessions().map((session) => session.student)).toEqual(['ada']);

  await moveStudents(a, b);
  const movedAt = ada.frames().length;
  await waitFor(
    () =>
      ada
        .frames()
        .slice(movedAt)
        .filter((frame) => !frame.catchingUp).length >= 5,
    20_000,
    'live frames through gateway b',
  );
  expect(b.sessions().map((session) => session.student)).toEqual(['ada']);
  expect(ada.feed.connections).toBeGreaterThanOrEqual(2);
  // Live again, at the teacher's newest frames: sequences only go forward (gateway b repaints the
  // picture on screen first, as any join does).
  const sequences = ada
    .frames()
    .filter((frame) => !frame.catchingUp)
    .map(({ frame }) => frame.sequence);
  expect(
    sequences.slice(1).every((sequence, i) => sequence >= sequences[i]!),
    sequences.join(','),
  ).toBe(true);
  await waitFor(
    async () => (await listStudents({ connection, classId })).some((s) => s.student === 'ada' && s.gateway === 'gw-b'),
    15_000,
    'ada listed at gw-b',
  );
  ada.feed.close();
}, 90_000);

test('a student paused in a replay is paused at the same picture after moving to another gateway', async () => {
  const b = gateways[1]!;
  const c = await startGateway('gw-c');
  const cleo = watch('cleo');
  await waitFor(() => cleo.frames().length >= 5, 20_000, 'frames through gateway b');
  const lessonStart = cleo.timelines().at(-1)?.start ?? Date.now() - 2000;
  const seekTime = lessonStart + 500;
  cleo.feed.control!({ type: 'seek', time: seekTime });
  // Paused once the replay has shown a picture of its own, as a student would pause.
  await waitFor(
    () => {
      const last = cleo.timelines().at(-1);
      return last?.mode === 'replay' && last.position > seekTime;
    },
    10_000,
    () => `the replay: ${JSON.stringify(cleo.timelines().slice(-2))}`,
  );
  cleo.feed.control!({ type: 'speed', speed: 0 });
  const paused = await waitFor(
    () => {
      const last = cleo.timelines().at(-1);
      return last?.mode === 'paused' && last.at !== undefined ? last : undefined;
    },
    10_000,
    () => `paused: ${JSON.stringify(cleo.events.filter((event) => event.type !== 'frame').slice(-2))}; log: ${logged.join('\n')}`,
  );

  const movedAt = cleo.events.length;
  await moveStudents(b, c);
  await waitFor(() => c.sessions().some((session) => session.student === 'cleo' && session.mode === 'paused'), 20_000, 'cleo paused at gateway c');
  const after = await waitFor(
    () =>
      cleo.events
        .slice(movedAt)
        .filter((event): event is GatewayTimeline => event.type === 'timeline')
        .find((timeline) => timeline.mode === 'paused'),
    10_000,
    () => `a paused timeline from gateway c: ${JSON.stringify(cleo.events.slice(movedAt).filter((event) => event.type !== 'frame'))}`,
  );
  // The same picture (its Kafka position), and no frame after it came through gateway c.
  expect(after.at).toEqual(paused.at);
  const afterMove = cleo.events.slice(movedAt).flatMap((event) => (event.type === 'frame' ? [event] : []));
  expect(afterMove.length).toBeGreaterThan(0);
  const onScreen = afterMove.at(-1)!;
  expect(onScreen.catchingUp).toBe(false);
  expect(after.position).toBe(onScreen.frame.captureTime);
  expect(cleo.timelines().at(-1)?.mode).toBe('paused');
}, 90_000);
