/**
 * The fuzz corpus for the teacher's side of a lesson (issue 19): share offers and decisions, the
 * teacher console's commands and its frame uploads. Random and mutated messages must give a
 * message the reader can use or a refusal with a reason, nothing else: a viewer, an agent or a
 * gateway that meets them goes on.
 */
import { inflateRawSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { ClasscastError, GatewayRequestError } from './errors.js';
import { applyFrameUpload, changedRects, cutRects, decodeFrameUpload, encodeFrameUpload } from './frame-upload.js';
import { encodeShareMessage, readShareValue, type ShareTopicKind } from './share.js';
import { parseTeacherCommand } from './teacher-messages.js';
import { createRandom } from './test-messages.js';

const encoder = new TextEncoder();

function randomBytes(random: () => number, maxLength: number): Uint8Array {
  const bytes = new Uint8Array(Math.floor(random() * maxLength));
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

/** A few bytes of `valid` changed, cut, or doubled. */
function mutate(random: () => number, valid: Uint8Array): Uint8Array {
  let bytes = Uint8Array.from(valid);
  for (let m = 1 + Math.floor(random() * 3); m > 0; m -= 1) {
    const choice = random();
    if (choice < 0.6) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    else if (choice < 0.8) bytes = bytes.subarray(0, Math.floor(random() * bytes.length));
    else {
      const tail = bytes.subarray(Math.floor(random() * bytes.length));
      const longer = new Uint8Array(bytes.length + tail.length);
      longer.set(bytes);
      longer.set(tail, bytes.length);
      bytes = longer;
    }
  }
  return bytes;
}

test('10,000 random and 10,000 mutated share offers and decisions are a share message or a refusal with a reason; what is read, a writer writes back', () => {
  const random = createRandom(20261207);
  const valid: Array<[ShareTopicKind, Uint8Array]> = [
    ['offer', encodeShareMessage('offer', { type: 'offer', student: 'ada' })],
    ['offer', encodeShareMessage('offer', { type: 'withdraw', student: 'bob.smith@school' })],
    ['decision', encodeShareMessage('decision', { type: 'accept', student: 'ada' })],
    ['decision', encodeShareMessage('decision', { type: 'take-back', student: 'cy_2' })],
  ];
  let read = 0;
  for (let i = 0; i < 20_000; i += 1) {
    const [kind, message] = valid[i % valid.length]!;
    const value = i < 10_000 ? randomBytes(random, 120) : mutate(random, message);
    const answer = readShareValue(kind, value);
    if ('problem' in answer) {
      expect(answer.problem).toMatch(/share (offer|decision)/);
      continue;
    }
    read += 1;
    // A message a reader takes is one a writer could have written: same meaning, back and forth.
    expect(readShareValue(kind, encodeShareMessage(kind, answer.message))).toEqual(answer);
  }
  // Mutations that leave a valid message (a changed letter of the name) are read, as they should be.
  expect(read).toBeGreaterThan(0);
  expect(readShareValue('decision', encoder.encode(JSON.stringify({ v: 1, type: 'offer', student: 'ada' })))).toMatchObject({
    problem: expect.stringMatching(/type/),
  });
  expect(readShareValue('offer', encoder.encode(JSON.stringify({ v: 1, type: 'offer', student: '../../etc/passwd' })))).toMatchObject({
    problem: expect.stringMatching(/name/),
  });
});

test("10,000 mutated teacher console commands are a command or the gateway's refusal with a reason, nothing else", () => {
  const random = createRandom(7);
  const stroke = { v: 1, type: 'stroke', id: 's1', tool: 'pen', color: '#e53935', width: 0.004, points: [0.1, 0.2, 0.3, 0.4] };
  const valid = [
    { type: 'start', classId: 'math-7b', fps: 10, quality: 75, username: 'turing', password: 'secret' },
    { type: 'update', fps: 5 },
    { type: 'announce', id: 1, classId: 'math-7b', text: 'Books open at page 12' },
    { type: 'eyes-on-me', id: 2, classId: 'math-7b' },
    { type: 'annotate', id: 3, classId: 'math-7b', annotation: stroke },
  ].map((command) => encoder.encode(JSON.stringify(command)));
  const decoder = new TextDecoder();
  let commands = 0;
  for (let i = 0; i < 10_000; i += 1) {
    const text = decoder.decode(mutate(random, valid[i % valid.length]!));
    try {
      expect(parseTeacherCommand(text)).toHaveProperty('type');
      commands += 1;
    } catch (error) {
      // The gateway answers each with its code and message (a class or login name Kafka cannot hold is CC_INVALID_NAME).
      expect(error).toBeInstanceOf(ClasscastError);
      expect((error as ClasscastError).code).toMatch(/^CC_(GATEWAY_BAD_REQUEST|INVALID_NAME)$/);
    }
  }
  expect(commands).toBeGreaterThan(0);
});

test('3,000 mutated frame uploads are a picture of the size they say or a refusal, and never inflate past their rects', () => {
  const random = createRandom(19);
  const width = 130;
  const height = 70;
  const pixels = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 7) & 0xff);
  const rects = changedRects(undefined, pixels, width, height);
  const whole = encodeFrameUpload({ width, height, capturedAt: 1_700_000_000_000, rects, body: cutRects(pixels, width, rects), compressed: false });
  const first = applyFrameUpload(undefined, decodeFrameUpload(whole), () => new Uint8Array());
  let inflated = 0;
  const inflate = (body: Uint8Array, maxBytes: number) => {
    const out = inflateRawSync(body, { maxOutputLength: Math.max(1, maxBytes) });
    inflated = Math.max(inflated, out.length / Math.max(1, maxBytes));
    return out;
  };
  let pictures = 0;
  for (let i = 0; i < 3000; i += 1) {
    const bytes = mutate(random, whole);
    try {
      const picture = applyFrameUpload(i % 2 === 0 ? first : undefined, decodeFrameUpload(bytes), inflate);
      expect(picture.pixels.length).toBe(picture.width * picture.height * 4);
      pictures += 1;
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayRequestError);
    }
  }
  expect(pictures).toBeGreaterThan(0);
  expect(inflated).toBeLessThanOrEqual(1);
});
