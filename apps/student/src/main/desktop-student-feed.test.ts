import { randomUUID } from 'node:crypto';
import { afterEach, expect, inject, test } from 'vitest';
import { decodeGatewayFrame, type Annotation, type GatewayTimeline } from '@classcast/protocol';
import { validDeltaFrame, validKeyFrame } from '@classcast/protocol/testing';
import { announce, announceEyesOnMe, createAnnotationWriter, createBroadcaster, createClassAdmin, type Broadcaster } from '@classcast/kafka';
import { sendTestKeyFrame } from '@classcast/kafka/testing';
import type { FeedMessage, FeedReply } from '../shared/ipc-channels.js';
import { joinClass, type FeedPort, type DesktopStudent } from './desktop-student-feed.js';

const connection = { brokers: inject('kafkaBrokers') };
const running: Array<Broadcaster | DesktopStudent> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => ('leave' in part ? part.leave() : part.stop())));
});

/** A feed port that records what main posts and lets the test play the renderer's acks (or acks each frame itself). */
function recordingPort({ autoAck = false } = {}) {
  const messages: FeedMessage[] = [];
  let reply: (message: FeedReply) => void = () => undefined;
  let closed = false;
  const port: FeedPort = {
    post: (message) => {
      messages.push(message);
      if (autoAck && message.type === 'frame') queueMicrotask(() => reply({ type: 'ack' }));
    },
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

const frameSequences = (messages: FeedMessage[]) =>
  messages.flatMap((message) => (message.type === 'frame' ? [decodeGatewayFrame(new Uint8Array(message.bytes)).sequence] : []));
const statuses = (messages: FeedMessage[]) => messages.flatMap((message) => (message.type === 'status' ? [message.status] : []));

test('a student joins a live class and gets its frames on the feed port, paced by acks', async () => {
  const classId = `student-app-${randomUUID().slice(0, 8)}`;
  const broadcaster = await teacher(classId);
  await sendTestKeyFrame(broadcaster);
  const feed = recordingPort();
  const session = joinClass({ connection, classId, student: 'ada', port: feed.port });
  running.push(session);
  await session.started;
  await waitFor(() => frameSequences(feed.messages).length === 1, 'the current screen');
  expect(statuses(feed.messages)[0]).toBe('connecting');
  expect(statuses(feed.messages)).toContain('live');

  // Without acks the renderer is "slow": two frames in flight, the rest coalesced to the newest.
  for (let n = 0; n < 5; n += 1) await sendTestKeyFrame(broadcaster);
  await waitFor(() => session.outbox.stats.dropped === 3, 'frames 2-4 to be replaced by frame 5');
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

test("the class's picture limit reaches the renderer before the first frame, for its compositor", async () => {
  const classId = `student-app-${randomUUID().slice(0, 8)}`;
  const admin = await createClassAdmin(connection);
  await admin.create(classId);
  await admin.setMaxPicture(classId, { width: 640, height: 360 });
  await admin.close();
  await sendTestKeyFrame(await teacher(classId));
  const feed = recordingPort({ autoAck: true });
  const session = joinClass({ connection, classId, student: 'ada', port: feed.port });
  running.push(session);
  await waitFor(() => frameSequences(feed.messages).length === 1, 'the current screen');
  const limitAt = feed.messages.findIndex((message) => message.type === 'picture-limit');
  expect(feed.messages[limitAt]).toEqual({ type: 'picture-limit', maxPixels: 640 * 360, description: "the class's limit of 640x360 (230400 pixels)" });
  expect(limitAt).toBeLessThan(feed.messages.findIndex((message) => message.type === 'frame'));
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

test('the timeline: a student seeks back to the right picture (keyframe + deltas), pauses, and returns to live', async () => {
  const classId = `student-app-${randomUUID().slice(0, 8)}`;
  // A 3-second lesson that began a minute ago: 10 fps, keyframes at 0, 10 and 20, deltas between.
  const base = Date.now() - 60_000;
  const lessonFrame = (i: number) => {
    const key = Math.floor(i / 10) * 10;
    const timing = { sequence: i, captureTime: base + i * 100, keySequence: key, keyCaptureTime: base + key * 100 };
    return i === key ? validKeyFrame(timing) : validDeltaFrame(timing);
  };
  const broadcaster = await teacher(classId);
  for (let i = 0; i < 30; i += 1) await broadcaster.send(lessonFrame(i));
  const feed = recordingPort({ autoAck: true });
  const session = joinClass({ connection, classId, student: 'ada', port: feed.port });
  running.push(session);
  const timelines = () => feed.messages.filter((m): m is GatewayTimeline => m.type === 'timeline');
  const shown = (from: number) =>
    feed.messages.slice(from).flatMap((m) => (m.type === 'frame' ? [`${decodeGatewayFrame(new Uint8Array(m.bytes)).sequence}${m.catchingUp ? '~' : ''}`] : []));
  await waitFor(() => timelines().at(-1)?.end === base + 2900, 'the timeline of the lesson so far');
  expect(timelines().at(-1)).toMatchObject({ start: base, position: base + 2900, mode: 'live', speed: 1 });
  expect(shown(0).at(-1)).toBe('29');

  // Frame 13 is the first captured at or after the time; 10 (its keyframe), 11 and 12 rebuild the picture.
  const seekAt = feed.messages.length;
  const seekedAt = Date.now();
  session.control({ type: 'seek', time: base + 1250 });
  await waitFor(() => shown(seekAt).length >= 4, 'the picture at the time sought');
  const seekMs = Date.now() - seekedAt;
  expect(shown(seekAt).slice(0, 4)).toEqual(['10~', '11~', '12~', '13']);
  expect(timelines().some((t) => t.mode === 'replay' && t.position === base + 1250)).toBe(true);
  console.log(`desktop student: seek to the picture in ${seekMs} ms`);

  session.control({ type: 'speed', speed: 0 });
  await waitFor(() => timelines().at(-1)?.mode === 'paused', 'paused');
  const pausedAt = feed.messages.length;
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(shown(pausedAt)).toEqual([]);

  const liveAt = feed.messages.length;
  session.control({ type: 'live' });
  // Live again: the newest keyframe's chain at once, ending on the newest frame, then what the teacher sends next.
  await waitFor(() => shown(liveAt).at(-1) === '29', 'the newest picture');
  expect(shown(liveAt)).toEqual(['20~', '21~', '22~', '23~', '24~', '25~', '26~', '27~', '28~', '29']);
  expect(timelines().at(-1)).toMatchObject({ mode: 'live' });
  await broadcaster.send(lessonFrame(30));
  await waitFor(() => shown(liveAt).at(-1) === '30', 'the next live frame');
  expect(session.stream.mode).toBe('live');

  // A seek the lesson cannot serve is answered (not fatal: the student stays), and live goes on.
  session.control({ type: 'seek', partition: 7, offset: '0' });
  await waitFor(() => feed.messages.some((m) => m.type === 'error'), 'the answer to a seek to a partition the class does not have');
  expect(feed.messages.find((m) => m.type === 'error')).toMatchObject({ code: 'CC_BAD_PARTITION', fatal: false });
  const afterRefusalAt = feed.messages.length;
  await broadcaster.send(lessonFrame(31));
  await waitFor(() => shown(afterRefusalAt).at(-1) === '31', 'the next live frame after the refused seek');
  expect(session.stream.mode).toBe('live');
});

test("the class's announcements reach the renderer's feed port, each one in order", async () => {
  const classId = `student-app-${randomUUID().slice(0, 8)}`;
  const broadcaster = await teacher(classId);
  await sendTestKeyFrame(broadcaster);
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

test("the teacher's pen reaches the renderer: the board on joining, then each mark as it is drawn", async () => {
  const classId = `student-app-${randomUUID().slice(0, 8)}`;
  const broadcaster = await teacher(classId);
  await sendTestKeyFrame(broadcaster);
  const pen = createAnnotationWriter({ connection, classId });
  await pen.start();
  try {
    const line = (id: string): Annotation => ({ type: 'stroke', id, tool: 'highlighter', color: '#fdd835', width: 0.02, points: [0.1, 0.5, 0.9, 0.5] });
    await pen.draw('screen-0', line('before'));
    const feed = recordingPort({ autoAck: true });
    const session = joinClass({ connection, classId, student: 'ada', port: feed.port });
    running.push(session);
    await session.started;
    const marks = () => feed.messages.filter((message) => message.type === 'board' || message.type === 'annotation');
    await waitFor(() => marks().some((m) => JSON.stringify(m).includes('"before"')), 'the board as it stands');
    await pen.draw('screen-0', line('after'));
    await pen.draw('screen-0', { type: 'erase', id: 'before' });
    await waitFor(() => marks().some((m) => m.type === 'annotation' && m.annotation.type === 'erase'), 'the new marks');
    expect(marks().at(-2)).toEqual({ type: 'annotation', stream: 'screen-0', annotation: line('after') });
    expect(marks().at(-1)).toEqual({ type: 'annotation', stream: 'screen-0', annotation: { type: 'erase', id: 'before' } });
  } finally {
    await pen.stop();
  }
});

test('"eyes on me": a paused student is back to live, the renderer hears why, main is asked for full screen; one who joins later is not', async () => {
  const classId = `student-app-${randomUUID().slice(0, 8)}`;
  const base = Date.now() - 60_000;
  const broadcaster = await teacher(classId);
  // A 10-second lesson: the replay from its start lasts long enough to pause it.
  for (let i = 0; i < 100; i += 1) {
    const timing = { sequence: i, captureTime: base + i * 100, keySequence: 0, keyCaptureTime: base };
    await broadcaster.send(i === 0 ? validKeyFrame(timing) : validDeltaFrame(timing));
  }
  await announce({ connection, classId, text: 'Welcome' });
  const feed = recordingPort({ autoAck: true });
  let fullScreen = 0;
  const session = joinClass({ connection, classId, student: 'ada', port: feed.port, onEyesOnMe: () => (fullScreen += 1) });
  running.push(session);
  const timelines = () => feed.messages.filter((m): m is GatewayTimeline => m.type === 'timeline');
  // The announcement reader has joined once the current notice is here; the stream, once it has shown the lesson so far.
  await waitFor(() => feed.messages.some((m) => m.type === 'announcement'), 'the current notice');
  await waitFor(() => timelines().at(-1)?.end === base + 9900, 'the timeline of the lesson so far');
  session.control({ type: 'seek', time: base + 300 });
  await waitFor(() => timelines().at(-1)?.mode === 'replay', 'replaying');
  session.control({ type: 'speed', speed: 0 });
  await waitFor(() => timelines().at(-1)?.mode === 'paused', 'paused');

  await announceEyesOnMe({ connection, classId });
  await waitFor(() => feed.messages.some((m) => m.type === 'eyes-on-me'), 'eyes on me at the renderer');
  expect(feed.messages.find((m) => m.type === 'eyes-on-me')).toMatchObject({ type: 'eyes-on-me', text: 'Your teacher asked everyone to look at the screen' });
  await waitFor(() => timelines().at(-1)?.mode === 'live', 'live again');
  expect(session.stream.mode).toBe('live');
  expect(fullScreen).toBe(1);
  // Only notices show as announcements: the eyes-on-me message is not one.
  expect(feed.messages.filter((m) => m.type === 'announcement')).toHaveLength(1);

  // A student who joins after it: the notice, never the old "eyes on me".
  const lateFeed = recordingPort({ autoAck: true });
  let lateFullScreen = 0;
  const late = joinClass({ connection, classId, student: 'bob', port: lateFeed.port, onEyesOnMe: () => (lateFullScreen += 1) });
  running.push(late);
  await waitFor(() => lateFeed.messages.some((m) => m.type === 'announcement'), "the late joiner's current notice");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(lateFeed.messages.some((m) => m.type === 'eyes-on-me')).toBe(false);
  expect(lateFullScreen).toBe(0);
});
