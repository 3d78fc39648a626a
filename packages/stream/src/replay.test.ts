import { beforeAll, expect, inject, test } from 'vitest';
import { createFrameEncoder, createPictureCompositor, psnr, type RawFrame } from '@classcast/codec';
import { createBroadcaster, replay, type ReceivedFrame } from '@classcast/kafka';
import { testKeyFrame, uniqueClassId } from '@classcast/kafka/testing';

const connection = { brokers: inject('kafkaBrokers') };
const classId = uniqueClassId('replay');
const base = Date.now() - 60_000;
const sources: RawFrame[] = [];

/** Frame i: a mid-grey 256x128 screen with a white 16x16 block that moves right 16 px per frame. */
function screenAt(i: number): RawFrame {
  const width = 256;
  const height = 128;
  const data = Buffer.alloc(width * height * 4, 90);
  const x = (i * 16) % width;
  for (let row = 40; row < 56; row += 1) data.fill(255, (row * width + x) * 4, (row * width + x + 16) * 4);
  return { data, width, height, pixelFormat: 'rgba', capturedAt: base + i * 100 };
}

beforeAll(async () => {
  // A 3-second lesson at 10 fps: keyframes every second (offsets 0, 10, 20), deltas between.
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  const encoder = createFrameEncoder({ quality: 90 });
  let key = { sequence: 0, captureTime: base };
  for (let i = 0; i < 30; i += 1) {
    const raw = screenAt(i);
    sources.push(raw);
    if (i % 10 === 0) encoder.forceKeyframe();
    const encoded = await encoder.encode(raw);
    if (encoded.kind === 'unchanged') throw new Error('the block moves every frame');
    if (encoded.kind === 'key') key = { sequence: i, captureTime: raw.capturedAt };
    await teacher.send({
      ...encoded,
      sequence: i,
      captureTime: raw.capturedAt,
      keySequence: key.sequence,
      keyCaptureTime: key.captureTime,
      payload: encoded.bytes,
    });
  }
  await teacher.stop();
});

async function collect(options: Omit<Parameters<typeof replay>[0], 'connection' | 'classId' | 'onFrame'>) {
  const received: ReceivedFrame[] = [];
  const result = await replay({ connection, classId, ...options, onFrame: (r) => void received.push(r) });
  return { received, result };
}

test('seeking to an offset inside a run of deltas lands on the right picture (keyframe + deltas)', async () => {
  const startedAt = Date.now();
  const { received, result } = await collect({ from: { partition: 0, offset: '15' }, to: { offset: '17' } });
  expect(Date.now() - startedAt).toBeLessThan(5000);
  expect(received.map((r) => `${r.offset}${r.catchingUp ? '~' : ''}`)).toEqual(['10~', '11~', '12~', '13~', '14~', '15', '16', '17']);
  expect(result.frames).toBe(3);
  const compositor = createPictureCompositor();
  for (const r of received) {
    const picture = await compositor.apply(r.frame);
    if (!r.catchingUp) expect(psnr(sources[Number(r.offset)]!.data, picture!.data)).toBeGreaterThan(35);
  }
});

test('seeking to a wall-clock time uses the time index, and a replay without an end stops where the lesson stood', async () => {
  const { received } = await collect({ from: { time: base + 2250 } });
  expect(received.filter((r) => !r.catchingUp).map((r) => r.offset)).toEqual(['23', '24', '25', '26', '27', '28', '29']);
  expect(received.filter((r) => r.catchingUp).map((r) => r.offset)).toEqual(['20', '21', '22']);
});

test('a replay at 2x takes half the lesson time', async () => {
  const startedAt = Date.now();
  const { result } = await collect({ from: { partition: 0, offset: '0' }, to: { time: base + 1000 }, speed: 2 });
  expect(result.frames).toBe(11);
  const took = Date.now() - startedAt;
  expect(took).toBeGreaterThanOrEqual(480);
  expect(took).toBeLessThan(5000);
});

test('an aborted replay stops delivering at once and resolves', async () => {
  const controller = new AbortController();
  const received: ReceivedFrame[] = [];
  // At 1x the whole lesson would take 3 s; the abort comes after the third live frame.
  const result = await replay({
    connection,
    classId,
    from: { partition: 0, offset: '0' },
    speed: 1,
    signal: controller.signal,
    onFrame: (r) => {
      received.push(r);
      if (received.length === 3) controller.abort();
    },
  });
  expect(received.map((r) => r.offset)).toEqual(['0', '1', '2']);
  expect(result.frames).toBe(3);
  const already = await replay({ connection, classId, from: { time: 0 }, signal: AbortSignal.abort(), onFrame: () => expect.fail('no frame after abort') });
  expect(already.frames).toBe(0);
});

test('replaying a class that does not exist says so', async () => {
  await expect(replay({ connection, classId: 'no-lesson-here', from: { time: 0 }, onFrame: () => undefined })).rejects.toMatchObject({
    code: 'CC_CLASS_NOT_FOUND',
  });
});

test('a replay fetches in small steps, yet a frame over its fetch size (3 MiB) comes whole', async () => {
  const bigClass = uniqueClassId('replay-big');
  const teacher = createBroadcaster({ connection, classId: bigClass });
  await teacher.start();
  const sent = testKeyFrame(0, 3 * 1024 * 1024);
  await teacher.send(sent);
  await teacher.send(testKeyFrame(1));
  await teacher.stop();
  const received: ReceivedFrame[] = [];
  await replay({ connection, classId: bigClass, from: { partition: 0, offset: '0' }, onFrame: (r) => void received.push(r) });
  expect(received.map((r) => r.frame.sequence)).toEqual([0, 1]);
  expect(Buffer.from(received[0]!.frame.payload).equals(Buffer.from(sent.payload))).toBe(true);
});
