import { expect, test } from 'vitest';
import { decodeDeltaContainer, encodeDeltaContainer, MAX_DELTA_COPIES, type DeltaContainer } from './delta-container.js';
import { FrameFormatError } from './errors.js';
import { decodeFrame, encodeFrame, HEADER } from './frame.js';
import { jpegDeclaring, pngDeclaring, validDeltaFrame, validKeyFrame, validScreenDeltaFrame } from './test-messages.js';

const frame = { width: 200, height: 100, codec: 'jpeg' as const };
const screenDelta = () => decodeDeltaContainer(validScreenDeltaFrame().payload, frame);

function refusal(change: (delta: Omit<DeltaContainer, 'version'>) => void): string {
  const delta = screenDelta();
  change(delta);
  try {
    decodeDeltaContainer(encodeDeltaContainer(delta), frame);
  } catch (error) {
    expect(error).toBeInstanceOf(FrameFormatError);
    return (error as FrameFormatError).message;
  }
  return 'accepted';
}

test('a version 2 container round-trips: copies, pictures of their own codec, rects', () => {
  const delta = screenDelta();
  expect(delta.version).toBe(2);
  expect(delta.copies).toEqual([{ sourceX: 0, sourceY: 10, targetX: 0, targetY: 0, width: 200, height: 90 }]);
  expect(delta.pictures.map(({ codec, width, height }) => `${codec} ${width}x${height}`)).toEqual(['png 200x10', 'jpeg 64x32']);
  expect(delta.pictures[1]!.bytes).toEqual(jpegDeclaring(64, 32));
  expect(delta.rects[0]).toEqual({ picture: 0, atlasX: 0, atlasY: 0, frameX: 0, frameY: 90, width: 200, height: 10 });
  const { version: _, ...rest } = delta;
  expect(decodeDeltaContainer(encodeDeltaContainer(rest), frame)).toEqual(delta);
});

test('a version 1 container reads into the same shape: one picture of the frame codec, a rect per tile', () => {
  const delta = decodeDeltaContainer(validDeltaFrame().payload, frame);
  expect(delta).toMatchObject({ version: 1, copies: [], pictures: [{ codec: 'jpeg', width: 128, height: 64 }] });
  expect(delta.rects).toEqual([
    { picture: 0, frameX: 64, frameY: 0, atlasX: 0, atlasY: 0, width: 64, height: 64 },
    { picture: 0, frameX: 192, frameY: 64, atlasX: 64, atlasY: 0, width: 8, height: 36 },
  ]);
});

test('a copy-only delta (a pure scroll) needs no picture', () => {
  expect(refusal((delta) => Object.assign(delta, { pictures: [], rects: [] }))).toBe('accepted');
});

test.each([
  [
    'a copy whose source leaves the frame',
    (d: Omit<DeltaContainer, 'version'>) => void (d.copies[0]!.sourceY = 20),
    /copy 0 .* is not inside the 200x100 frame/,
  ],
  ['a copy whose target leaves the frame', (d: Omit<DeltaContainer, 'version'>) => void (d.copies[0]!.targetX = 1), /not inside/],
  ['a copy that moves nothing', (d: Omit<DeltaContainer, 'version'>) => void (d.copies[0]!.sourceY = 0), /moves nothing/],
  [
    'copies whose targets overlap',
    (d: Omit<DeltaContainer, 'version'>) => d.copies.push({ sourceX: 0, sourceY: 95, targetX: 10, targetY: 80, width: 5, height: 5 }),
    /copy 1 overlaps the target of copy 0/,
  ],
  [
    'a copy that reads what an earlier one wrote',
    (d: Omit<DeltaContainer, 'version'>) => d.copies.push({ sourceX: 0, sourceY: 85, targetX: 0, targetY: 95, width: 5, height: 5 }),
    /copy 1 reads from the target of copy 0/,
  ],
  [
    'more copies than allowed',
    (d: Omit<DeltaContainer, 'version'>) => {
      d.copies = Array.from({ length: MAX_DELTA_COPIES + 1 }, (_, i) => ({ sourceX: i % 200, sourceY: 0, targetX: i % 200, targetY: 1, width: 1, height: 1 }));
    },
    /257 copies, more than 256/,
  ],
  ['a rect outside the frame', (d: Omit<DeltaContainer, 'version'>) => void (d.rects[0]!.frameY = 91), /rect 0 .* is not inside the frame/],
  ['a rect outside its picture', (d: Omit<DeltaContainer, 'version'>) => void (d.rects[1]!.atlasY = 1), /rect 1 is not inside picture 1 \(64x32\)/],
  ['a rect naming a missing picture', (d: Omit<DeltaContainer, 'version'>) => void (d.rects[1]!.picture = 2), /rect 1 names picture 2 of 2/],
  ['a picture no rect uses', (d: Omit<DeltaContainer, 'version'>) => void (d.rects = [d.rects[0]!]), /used by no rect/],
  [
    'pictures larger than the frame',
    (d: Omit<DeltaContainer, 'version'>) => void (d.pictures[1] = { codec: 'jpeg', width: 200, height: 95, bytes: jpegDeclaring(200, 95) }),
    /more than the 200x100 frame/,
  ],
  [
    'rects covering more than the frame',
    (d: Omit<DeltaContainer, 'version'>) => {
      d.rects = Array.from({ length: 12 }, () => ({ picture: 0, atlasX: 0, atlasY: 0, frameX: 0, frameY: 0, width: 200, height: 10 }));
      d.pictures = [d.pictures[0]!];
    },
    /rects cover more pixels than/,
  ],
  [
    'a picture of another codec than declared',
    (d: Omit<DeltaContainer, 'version'>) => void (d.pictures[0]!.bytes = jpegDeclaring(200, 10)),
    /picture 0 is not a png picture/,
  ],
  ['nothing at all', (d: Omit<DeltaContainer, 'version'>) => Object.assign(d, { copies: [], pictures: [], rects: [] }), /nothing changed/],
])('%s is refused', (_, change, message) => {
  expect(refusal(change)).toMatch(message);
});

test('a truncated container, bytes after its last picture, a bad codec id or reserved byte: each refused', () => {
  const bytes = encodeDeltaContainer(screenDelta());
  for (let length = 0; length < bytes.length; length += 7) {
    expect(() => decodeDeltaContainer(bytes.subarray(0, length), frame)).toThrow(FrameFormatError);
  }
  expect(() => decodeDeltaContainer(Uint8Array.of(...bytes, 0), frame)).toThrow(/1 bytes after the last picture/);
  const pictures = 12 + 12; // header, one copy
  expect(() =>
    decodeDeltaContainer(
      Uint8Array.from(bytes, (b, i) => (i === pictures ? 9 : b)),
      frame,
    ),
  ).toThrow(/codec id 9/);
  expect(() =>
    decodeDeltaContainer(
      Uint8Array.from(bytes, (b, i) => (i === 7 ? 1 : b)),
      frame,
    ),
  ).toThrow(/reserved byte 7/);
});

test('a newer container version is named, not misread', () => {
  const bytes = Uint8Array.from(encodeDeltaContainer(screenDelta()));
  bytes[3] = 0x33; // "CCD3"
  expect(() => decodeDeltaContainer(bytes, frame)).toThrow(
    expect.objectContaining({ code: 'CC_FRAME_UNSUPPORTED_VERSION', message: expect.stringMatching(/CCD3.*update classcast/) }),
  );
});

test('a version 2 delta says cc.v 2; keyframes still say 1, so an older viewer keeps showing them', () => {
  const message = encodeFrame(validScreenDeltaFrame());
  expect(message.headers[HEADER.version]).toBe('2');
  expect(encodeFrame(validKeyFrame()).headers[HEADER.version]).toBe('1');
  expect(encodeFrame(validDeltaFrame()).headers[HEADER.version]).toBe('1');
  expect(decodeFrame(message)).toEqual(validScreenDeltaFrame());
  expect(() => decodeFrame({ ...message, headers: { ...message.headers, [HEADER.version]: '3' } })).toThrow(
    expect.objectContaining({
      code: 'CC_FRAME_UNSUPPORTED_VERSION',
      message: expect.stringMatching(/"3" is not supported .*versions 1 to 2.*update classcast/),
    }),
  );
});

test('png fixture declares its size', () => {
  expect(pngDeclaring(200, 10).length).toBe(33);
});
