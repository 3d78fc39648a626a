/**
 * Random and mutated messages must only ever give a frame or a FrameFormatError: a viewer that
 * meets a corrupt or foreign message skips it, it never crashes.
 */
import { expect, test } from 'vitest';
import { FrameFormatError } from './errors.js';
import { decodeFrame, encodeFrame, HEADER, type HeaderValue, type RawMessage } from './frame.js';
import { decodeDeltaContainer, overlaps } from './delta-container.js';
import { createRandom, validDeltaFrame, validKeyFrame, validScreenDeltaFrame } from './test-messages.js';
import { MAX_STROKE_POINTS, MAX_STROKE_WIDTH } from './annotation.js';
import { MAX_BOARD_STROKES, parseServerMessage, unknownServerMessageType } from './gateway-messages.js';

const encoder = new TextEncoder();
const headerNames = Object.values(HEADER);

function randomBytes(random: () => number, maxLength: number): Uint8Array {
  const bytes = new Uint8Array(Math.floor(random() * maxLength));
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

function randomMessage(random: () => number): RawMessage {
  const headers: Record<string, HeaderValue> = {};
  for (const name of headerNames) {
    if (random() < 0.8) headers[name] = random() < 0.5 ? randomBytes(random, 12) : String(Math.floor(random() * 3e4) - 10);
  }
  return { key: random() < 0.9 ? randomBytes(random, 20) : null, value: randomBytes(random, 200), headers };
}

function mutatedMessage(random: () => number): RawMessage {
  const pick = random();
  const valid = encodeFrame(pick < 0.4 ? validKeyFrame() : pick < 0.7 ? validDeltaFrame() : validScreenDeltaFrame());
  const headers: Record<string, HeaderValue> = {};
  for (const [name, value] of Object.entries(valid.headers)) headers[name] = encoder.encode(value);
  const value = Uint8Array.from(valid.value);
  const mutations = 1 + Math.floor(random() * 3);
  for (let m = 0; m < mutations; m += 1) {
    const choice = random();
    const name = headerNames[Math.floor(random() * headerNames.length)]!;
    if (choice < 0.3) value[Math.floor(random() * value.length)] = Math.floor(random() * 256);
    else if (choice < 0.45) delete headers[name];
    else if (choice < 0.7) headers[name] = randomBytes(random, 10);
    else if (choice < 0.85) headers[name] = [encoder.encode('1'), encoder.encode('1')];
    else return { key: valid.key, value: value.subarray(0, Math.floor(random() * value.length)), headers };
  }
  return { key: valid.key, value, headers };
}

test('10,000 random and 10,000 mutated messages give a frame or a FrameFormatError, nothing else', () => {
  const random = createRandom(20261125);
  const outcomes = { frames: 0, errors: new Map<string, number>() };
  for (let i = 0; i < 20_000; i += 1) {
    const message = i % 2 === 0 ? randomMessage(random) : mutatedMessage(random);
    try {
      const frame = decodeFrame(message);
      // Whatever passes must be a frame we can trust.
      expect(frame.width).toBeGreaterThan(0);
      expect(frame.keySequence).toBeLessThanOrEqual(frame.sequence);
      outcomes.frames += 1;
    } catch (error) {
      if (!(error instanceof FrameFormatError)) throw new Error(`message ${i} threw ${String(error)}`);
      outcomes.errors.set(error.code, (outcomes.errors.get(error.code) ?? 0) + 1);
    }
  }
  // The mutations reach every rejection path, and some mutated messages stay valid (bytes in the image body).
  expect([...outcomes.errors.keys()].sort()).toEqual(['CC_FRAME_BAD_HEADER', 'CC_FRAME_BAD_PAYLOAD', 'CC_FRAME_NOT_CLASSCAST', 'CC_FRAME_UNSUPPORTED_VERSION']);
  expect(outcomes.frames).toBeGreaterThan(0);
});

test('10,000 mutated version 2 containers: each is refused with a FrameFormatError, or keeps every rule a compositor relies on', () => {
  const random = createRandom(20261207);
  const frame = validScreenDeltaFrame();
  const valid = frame.payload;
  const outcomes = { accepted: 0, refused: 0 };
  for (let i = 0; i < 10_000; i += 1) {
    const bytes = Uint8Array.from(valid);
    // Mostly the header, copies and rects (the first 90 bytes), where the rules live.
    for (let m = 1 + Math.floor(random() * 3); m > 0; m -= 1) bytes[Math.floor(random() * (random() < 0.9 ? 90 : bytes.length))] = Math.floor(random() * 256);
    const value = random() < 0.1 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
    try {
      const delta = decodeDeltaContainer(value, frame);
      outcomes.accepted += 1;
      const inFrame = (x: number, y: number, w: number, h: number) => w > 0 && h > 0 && x + w <= frame.width && y + h <= frame.height;
      delta.copies.forEach((copy, j) => {
        expect(inFrame(copy.sourceX, copy.sourceY, copy.width, copy.height) && inFrame(copy.targetX, copy.targetY, copy.width, copy.height)).toBe(true);
        for (const earlier of delta.copies.slice(0, j)) {
          const target = { x: earlier.targetX, y: earlier.targetY, width: earlier.width, height: earlier.height };
          expect(overlaps({ x: copy.sourceX, y: copy.sourceY, width: copy.width, height: copy.height }, target)).toBe(false);
        }
      });
      for (const rect of delta.rects) {
        const picture = delta.pictures[rect.picture]!;
        expect(inFrame(rect.frameX, rect.frameY, rect.width, rect.height)).toBe(true);
        expect(rect.atlasX + rect.width <= picture.width && rect.atlasY + rect.height <= picture.height).toBe(true);
      }
    } catch (error) {
      if (!(error instanceof FrameFormatError)) throw new Error(`mutation ${i} threw ${String(error)}`);
      outcomes.refused += 1;
    }
  }
  expect(outcomes.refused).toBeGreaterThan(5000);
  expect(outcomes.accepted).toBeGreaterThan(0);
});

/** A valid board or annotation message of the gateway, as JSON text. */
function validBoardText(random: () => number): string {
  const stroke = (id: string) => ({
    type: 'stroke',
    id,
    tool: random() < 0.5 ? 'pen' : 'highlighter',
    color: '#e53935',
    width: 0.004,
    points: Array.from({ length: 2 * (1 + Math.floor(random() * 5)) }, () => Math.round(random() * 1000) / 1000),
  });
  const marks = [stroke('s1'), { type: 'pointer', x: 0.5, y: 0.25 }, { type: 'pointer', x: null, y: null }, { type: 'erase', id: 's1' }, { type: 'clear' }];
  if (random() < 0.4)
    return JSON.stringify({ type: 'board', stream: 'screen-0', strokes: [stroke('a'), stroke('b')], pointer: random() < 0.5 ? null : { x: 0.1, y: 0.9 } });
  return JSON.stringify({ type: 'annotation', stream: 'screen-0', annotation: marks[Math.floor(random() * marks.length)] });
}

const JSON_SPARE_PARTS = ['-1', '2', '1e309', 'null', 'true', '"x"', '[]', '{}', '"__proto__"', '0.5', '"#zzzzzz"', '"screen 0"', '9'.repeat(40)];

/** A board or annotation message with characters swapped, JSON tokens put in, or cut short. */
function mutatedBoardText(random: () => number): string {
  let text = validBoardText(random);
  for (let m = 1 + Math.floor(random() * 3); m > 0; m -= 1) {
    const at = Math.floor(random() * text.length);
    const choice = random();
    if (choice < 0.4) text = text.slice(0, at) + String.fromCharCode(32 + Math.floor(random() * 95)) + text.slice(at + 1);
    else if (choice < 0.8) {
      // Replace a value after a colon with a spare part: wrong types, out of range, huge.
      const colon = text.indexOf(':', at);
      if (colon < 0) continue;
      const end = text.slice(colon + 1).search(/[,}\]]/);
      text = text.slice(0, colon + 1) + JSON_SPARE_PARTS[Math.floor(random() * JSON_SPARE_PARTS.length)] + text.slice(colon + 1 + Math.max(end, 0));
    } else text = text.slice(0, at);
  }
  return text;
}

test('10,000 random and mutated board and annotation messages give a message every viewer can draw or a FrameFormatError, nothing else', () => {
  const random = createRandom(20261208);
  const outcomes = { accepted: 0, refused: 0 };
  for (let i = 0; i < 10_000; i += 1) {
    const text = i % 5 === 0 ? validBoardText(random) : mutatedBoardText(random);
    expect(() => unknownServerMessageType(text)).not.toThrow();
    try {
      const message = parseServerMessage(text);
      outcomes.accepted += 1;
      if (message.type !== 'board' && message.type !== 'annotation') continue;
      expect(message.stream).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      const marks = message.type === 'board' ? message.strokes : [message.annotation];
      if (message.type === 'board') expect(message.strokes.length).toBeLessThanOrEqual(MAX_BOARD_STROKES);
      for (const mark of marks) {
        if (mark.type === 'stroke') {
          expect(mark.points.length / 2).toBeLessThanOrEqual(MAX_STROKE_POINTS);
          expect(mark.points.every((value) => value >= 0 && value <= 1)).toBe(true);
          expect(mark.width > 0 && mark.width <= MAX_STROKE_WIDTH).toBe(true);
          expect(mark.color).toMatch(/^#[0-9a-f]{6}$/);
        }
        if (mark.type === 'pointer' && mark.x !== null) expect(mark.x >= 0 && mark.x <= 1 && mark.y !== null && mark.y >= 0 && mark.y <= 1).toBe(true);
      }
    } catch (error) {
      if (!(error instanceof FrameFormatError)) throw new Error(`message ${i} threw ${String(error)}: ${text}`);
      outcomes.refused += 1;
    }
  }
  expect(outcomes.accepted).toBeGreaterThan(2000);
  expect(outcomes.refused).toBeGreaterThan(2000);
});
