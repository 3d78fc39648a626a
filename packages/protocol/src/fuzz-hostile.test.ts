/**
 * The hostile part of the fuzz corpus (issue 16, item 5): decompression bombs of each codec with
 * consistent headers, their headers mutated at random, sequence and time jumps (far ahead, year
 * 9999, 1970) and huge announcements. Each must give a frame, a refusal or a skip with a code,
 * cheaply: no decoder is ever handed a picture over the limit or other than its frame's size.
 */
import { expect, test } from 'vitest';
import { readAnnouncementValue, MAX_ANNOUNCEMENT_CHARS } from './announcement.js';
import { MAX_BOARD_STROKES, parseServerMessage } from './gateway-messages.js';
import { ClasscastError, FrameFormatError } from './errors.js';
import { decodeFrame, encodeFrame, type Frame } from './frame.js';
import { readImageSize } from './image-signature.js';
import { createPictureChain, DEFAULT_MAX_PICTURE_PIXELS, type PictureDecoder } from './picture-chain.js';
import { createRandom, forgedKeyFrame, jpegBomb, pngBomb, validDeltaFrame, validKeyFrame, webpBomb } from './test-messages.js';

/** A chain whose decoder checks it is only ever asked for pictures the limit allows, of the frame's size. */
function guardedChain() {
  const decoded: string[] = [];
  const decoder: PictureDecoder<{ width: number; height: number }> = {
    async decode(bytes, _codec, expected) {
      const header = readImageSize(bytes);
      if (!header || header.width * header.height > DEFAULT_MAX_PICTURE_PIXELS || header.width * header.height !== expected.width * expected.height) {
        throw new Error(`decoder reached with ${JSON.stringify(header)} for ${expected.width}x${expected.height}`);
      }
      decoded.push(`${header.width}x${header.height}`);
      return { width: expected.width, height: expected.height };
    },
    release: () => undefined,
  };
  const chain = createPictureChain({
    decoder,
    surface: { reset: () => undefined, patch: () => undefined, copy: () => undefined },
    missingBase: (frame) => new ClasscastError('CC_MISSING_KEYFRAME', `delta ${frame.sequence}`),
  });
  return { chain, decoded };
}

test('bombs of each codec, frame headers honest or lying, their image headers mutated: refused undecoded, never a decode over the limit', async () => {
  const random = createRandom(20261206);
  const bombs = { png: await pngBomb(16000, 16000), jpeg: jpegBomb(16000, 16000), webp: webpBomb(16000, 16000) };
  // And pictures within the limit, whose size the mutations and lying frame headers move about.
  const smalls = { png: await pngBomb(800, 600), jpeg: jpegBomb(800, 600), webp: webpBomb(800, 600) };
  // Where each codec keeps its size: PNG IHDR, the JPEG SOF (after DQT), the VP8L header.
  const headerEnd = { png: 24, jpeg: 90, webp: 30 };
  const codes = new Map<string, number>();
  const { chain, decoded } = guardedChain();
  for (let i = 0; i < 3000; i += 1) {
    const codec = (['png', 'jpeg', 'webp'] as const)[i % 3]!;
    const bytes = Uint8Array.from((i % 4 === 0 ? smalls : bombs)[codec].subarray(0, 200));
    for (let m = Math.floor(random() * 3); m > 0; m -= 1) bytes[Math.floor(random() * headerEnd[codec])] = Math.floor(random() * 256);
    const choice = random();
    const size =
      choice < 0.3 ? { width: 16000, height: 16000 } : choice < 0.5 ? { width: 640, height: 480 } : (readImageSize(bytes) ?? { width: 640, height: 480 });
    const width = Math.min(Math.max(size.width, 1), 16384);
    const height = Math.min(Math.max(size.height, 1), 16384);
    try {
      await chain.apply(forgedKeyFrame(bytes, width, height, codec, { sequence: i + 1, keySequence: i + 1 }));
    } catch (error) {
      if (!(error instanceof ClasscastError)) throw error;
      codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
    }
  }
  expect([...codes.keys()].sort()).toEqual(expect.arrayContaining(['CC_FRAME_BAD_HEADER', 'CC_FRAME_BAD_PAYLOAD', 'CC_PICTURE_TOO_LARGE']));
  // Some mutations shrink the declared size into the limit: those are decoded (a fake here), at their own size.
  expect(decoded.length).toBeLessThan(3000);
});

test('sequence and time jumps (far ahead, the year 9999, 1970) are frames: the message format does not judge them', () => {
  const year9999 = Date.UTC(9999, 11, 31, 23, 59, 59);
  const jumps: Array<Partial<Frame>> = [
    { sequence: Number.MAX_SAFE_INTEGER, keySequence: Number.MAX_SAFE_INTEGER },
    { sequence: 2 ** 50, keySequence: 2 ** 50, captureTime: year9999, keyCaptureTime: year9999 },
    { sequence: 3, keySequence: 3, captureTime: 0, keyCaptureTime: 0 },
  ];
  for (const jump of jumps) {
    const message = encodeFrame(validKeyFrame(jump));
    const headers = Object.fromEntries(Object.entries(message.headers).map(([name, value]) => [name, new TextEncoder().encode(value)]));
    expect(decodeFrame({ key: new TextEncoder().encode(message.key), value: message.value, headers })).toMatchObject(jump);
  }
  // Past what a frame can count, it is a bad header, not a jump.
  expect(() => encodeFrame(validKeyFrame({ sequence: 2 ** 53, keySequence: 2 ** 53 }))).toThrow(FrameFormatError);
});

test('a far-ahead keyframe that fails and a delta from 1970 on it leave the picture of the lesson as it was', async () => {
  const { chain } = guardedChain();
  await chain.apply(validKeyFrame({ width: 200, height: 100, sequence: 7, keySequence: 7 }));
  const farAhead = forgedKeyFrame(await pngBomb(16000, 16000), 16000, 16000, 'png', { sequence: 2 ** 50, keySequence: 2 ** 50 });
  await expect(chain.apply(farAhead)).rejects.toMatchObject({ code: 'CC_PICTURE_TOO_LARGE' });
  await expect(chain.apply(validDeltaFrame({ sequence: 2 ** 50 + 1, keySequence: 2 ** 50, captureTime: 0, keyCaptureTime: 0 }))).rejects.toMatchObject({
    code: 'CC_MISSING_KEYFRAME',
  });
  expect(await chain.apply(validDeltaFrame({ sequence: 8, keySequence: 7 }))).toBe('drawn');
});

test('huge announcements (16 MB of text, of multi-byte text, of control bytes) are refused at once with the reason', () => {
  const huge = [new Uint8Array(16 * 1024 * 1024).fill(0x61), new TextEncoder().encode('é'.repeat(4 * 1024 * 1024)), new Uint8Array(16 * 1024 * 1024)];
  // "At once": in this process's CPU time (other processes on a loaded machine do not count), a
  // refusal must cost far less than merely decoding the value as text, measured here as the baseline.
  const cpuMs = (work: () => unknown) => {
    const before = process.cpuUsage();
    work();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  for (const value of huge) {
    const decodeMs = cpuMs(() => new TextDecoder().decode(value));
    let answer: unknown;
    const refuseMs = cpuMs(() => (answer = readAnnouncementValue(value)));
    expect(answer).toEqual({ problem: `announcement is longer than ${MAX_ANNOUNCEMENT_CHARS} characters` });
    expect(refuseMs).toBeLessThan(Math.max(decodeMs / 4, 1));
  }
  // At the limit exactly, in 4-byte characters and with the line ending netcat adds, it is still a notice.
  expect(readAnnouncementValue(new TextEncoder().encode(`${'😀'.repeat(MAX_ANNOUNCEMENT_CHARS)}\r\n`))).toEqual({ text: '😀'.repeat(MAX_ANNOUNCEMENT_CHARS) });
});

test('hostile boards (a million-point stroke, more strokes than a board holds, a stroke on a foreign stream name) are refused, never drawn', () => {
  const stroke = (id: string, points: number[]) => ({ type: 'stroke', id, tool: 'pen', color: '#000000', width: 0.01, points });
  const hostile = [
    { type: 'board', stream: 'screen-0', strokes: [stroke('huge', new Array(2_000_000).fill(0.5))], pointer: null },
    { type: 'board', stream: 'screen-0', strokes: Array.from({ length: MAX_BOARD_STROKES + 1 }, (_, i) => stroke(`s${i}`, [0.5, 0.5])), pointer: null },
    { type: 'annotation', stream: 'screen-0', annotation: stroke('huge', new Array(2_000_000).fill(0.5)) },
    { type: 'annotation', stream: '../../etc', annotation: { type: 'clear' } },
    { type: 'annotation', stream: 'screen-0', annotation: { type: 'pointer', x: 0.5, y: null } },
    { type: 'board', stream: 'screen-0', strokes: [], pointer: { x: 2, y: 0 } },
  ];
  for (const message of hostile) expect(() => parseServerMessage(JSON.stringify(message))).toThrow(FrameFormatError);
  const full = { type: 'board', stream: 'screen-0', strokes: Array.from({ length: MAX_BOARD_STROKES }, (_, i) => stroke(`s${i}`, [0.5, 0.5])), pointer: null };
  expect(parseServerMessage(JSON.stringify(full))).toMatchObject({ type: 'board', strokes: { length: MAX_BOARD_STROKES } });
});
