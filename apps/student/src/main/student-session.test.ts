import { randomUUID } from 'node:crypto';
import { afterEach, expect, inject, test } from 'vitest';
import { decodeGatewayFrame } from '@classcast/protocol';
import { TINY_JPEG } from '@classcast/protocol/testing';
import { announce, createBroadcaster, type Broadcaster } from '@classcast/kafka';
import type { FeedMessage, FeedReply } from '../shared/ipc-channels.js';
import { joinClass, type FeedPort, type StudentSession } from './student-session.js';

const connection = { brokers: inject('kafkaBrokers') };
const running: Array<Broadcaster | StudentSession> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => ('leave' in part ? part.leave() : part.stop())));
});

/** A feed port that records what main posts and lets the test play the renderer's acks. */
function recordingPort() {
  const messages: FeedMessage[] = [];
  let reply: (message: FeedReply) => void = () => undefined;
  let closed = false;
  const port: FeedPort = {
    post: (message) => void messages.push(message),
    onReply: (listener) => void (reply = listener),
    close: () => void (closed = true),
  };
  return { port, messages, ack: () => reply({ type: 'ack' }), isClosed: () => closed };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function teacher(classId: string): Promise<Broadcaster> {
  const broadcaster = createBroadcaster({ connection, classId });
  await broadcaster.start();
  running.push(broadcaster);
  return broadcaster;
}

function sendKey(broadcaster: Broadcaster) {
  const sequence = broadcaster.nextSequence;
  const now = Date.now();
  return broadcaster.send({ kind: 'key', codec: 'jpeg', width: 1, height: 1, sequence, captureTime: now, keySequence: sequence, keyCaptureTime: now, payload: TINY_JPEG });
}

const frameSequences = (messages: FeedMessage[]) =>
  messages.flatMap((message) => (message.type === 'frame' ? [decodeGatewayFrame(new Uint8Array(message.bytes)).sequence] : []));
const statuses = (messages: FeedMessage[]) => messages.flatMap((message) => (message.type === 'status' ? [message.status] : []));

test('a student joins a live class and gets its frames on the feed port, paced by acks', async () => {
  const classId = `student-app-${randomUUID().slice(0, 8)}`;
  const broadcaster = await teacher(classId);
  await sendKey(broadcaster);
  const feed = recordingPort();
  const session = joinClass({ connection, classId, student: 'ada', port: feed.port });
  running.push(session);
  await session.started;
  await waitFor(() => frameSequences(feed.messages).length === 1, 'the current screen');
  expect(statuses(feed.messages)[0]).toBe('connecting');
  expect(statuses(feed.messages)).toContain('live');

  // Without acks the renderer is "slow": two frames in flight, the rest coalesced to the newest.
  for (let n = 0; n < 5; n += 1) await sendKey(broadcaster);
  await waitFor(() => session.bridge.stats.dropped === 3, 'frames 2-4 to be replaced by frame 5');
  expect(frameSequences(feed.messages)).toEqual([0, 1]);
  feed.ack();
  feed.ack();
  await waitFor(() => frameSequences(feed.messages).length === 3, 'the newest frame after the acks');
  expect(frameSequences(feed.messages)[2]).toBe(5);

  await broadcaster.end();
  await waitFor(() => statuses(feed.messages).includes('ended'), 'broadcast ended');
  await session.leave();
  expect(feed.isClosed()).toBe(true);
});

test('joining a class that never starts ends in one error message on the port', async () => {
  const feed = recordingPort();
  const session = joinClass({ connection, classId: `no-class-${randomUUID().slice(0, 8)}`, student: 'bob', port: feed.port, waitForClassMs: 500 });
  running.push(session);
  await session.started;
  expect(feed.messages.at(-1)).toMatchObject({ type: 'error', code: 'CC_CLASS_NOT_FOUND' });
});

test('a bad student name is refused before anything connects', () => {
  const feed = recordingPort();
  expect(() => joinClass({ connection, classId: 'physics', student: 'ada lovelace', port: feed.port })).toThrow(
    expect.objectContaining({ code: 'CC_INVALID_NAME' }),
  );
  expect(feed.messages).toEqual([]);
});

test("the class's announcements reach the renderer's feed port, each one in order", async () => {
  const classId = `student-app-${randomUUID().slice(0, 8)}`;
  const broadcaster = await teacher(classId);
  await sendKey(broadcaster);
  await announce({ connection, classId, text: 'Current notice: groups of three' });
  const feed = recordingPort();
  const session = joinClass({ connection, classId, student: 'cy', port: feed.port });
  running.push(session);
  await session.started;
  const texts = () => feed.messages.flatMap((message) => (message.type === 'announcement' ? [message.text] : []));
  await waitFor(() => texts().length === 1, 'the current announcement');
  await announce({ connection, classId, text: 'Five minutes left' });
  await announce({ connection, classId, text: 'Save your work' });
  await waitFor(() => texts().length === 3, 'the two new announcements');
  expect(texts()).toEqual(['Current notice: groups of three', 'Five minutes left', 'Save your work']);
});
