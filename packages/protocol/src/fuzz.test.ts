/**
 * Random and mutated messages must only ever give a frame or a FrameFormatError: a viewer that
 * meets a corrupt or foreign message skips it, it never crashes.
 */
import { expect, test } from 'vitest';
import { FrameFormatError } from './errors.js';
import { decodeFrame, encodeFrame, HEADER, type HeaderValue, type RawMessage } from './frame.js';
import { decodeDeltaContainer, overlaps } from './delta-container.js';
import { createRandom, validDeltaFrame, validKeyFrame, validScreenDeltaFrame } from './test-messages.js';

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
