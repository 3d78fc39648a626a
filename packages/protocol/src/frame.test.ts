import { describe, expect, test } from 'vitest';
import { FrameFormatError } from './errors.js';
import { decodeFrame, encodeFrame, HEADER, tryDecodeFrame, type RawMessage } from './frame.js';
import { TINY_JPEG, validKeyFrame } from './test-messages.js';

const encoder = new TextEncoder();

/** What kafkajs hands a consumer: key, value and header values as Buffers/Uint8Arrays. */
function asReceived(message: ReturnType<typeof encodeFrame>): RawMessage {
  const headers: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(message.headers)) headers[name] = encoder.encode(value);
  return { key: encoder.encode(message.key), value: message.value, headers };
}

function expectFormatError(message: RawMessage, code: string): FrameFormatError {
  const result = tryDecodeFrame(message);
  expect('error' in result).toBe(true);
  const { error } = result as { error: FrameFormatError };
  expect(error.code).toBe(code);
  return error;
}

describe('frame format v1', () => {
  test('a keyframe round-trips through the Kafka message shape', () => {
    const frame = validKeyFrame();
    const decoded = decodeFrame(asReceived(encodeFrame(frame)));
    expect(decoded).toEqual({ ...frame, payload: TINY_JPEG });
  });

  test('a heartbeat has an empty value and names its keyframe', () => {
    const heartbeat = validKeyFrame({ kind: 'heartbeat', sequence: 9, keySequence: 7, payload: new Uint8Array(0) });
    expect(decodeFrame(asReceived(encodeFrame(heartbeat))).keySequence).toBe(7);
  });

  test('the keyframe value is the plain image, so Kafka tools can dump it as a picture', () => {
    expect(encodeFrame(validKeyFrame()).value).toBe(TINY_JPEG);
  });

  test('string header values (other clients) are read too', () => {
    const message = encodeFrame(validKeyFrame());
    expect(decodeFrame({ key: message.key, value: message.value, headers: message.headers }).sequence).toBe(7);
  });

  test('a message without classcast headers is foreign', () => {
    expectFormatError({ key: null, value: encoder.encode('hello'), headers: {} }, 'CC_FRAME_NOT_CLASSCAST');
    expectFormatError({ value: null }, 'CC_FRAME_NOT_CLASSCAST');
  });

  test('a newer format version is refused with a message that says so', () => {
    const message = asReceived(encodeFrame(validKeyFrame()));
    message.headers![HEADER.version] = encoder.encode('3');
    expect(expectFormatError(message, 'CC_FRAME_UNSUPPORTED_VERSION').message).toMatch(/version "3"/);
  });

  test.each([
    [HEADER.width, '0'],
    [HEADER.height, '99999'],
    [HEADER.sequence, '-1'],
    [HEADER.sequence, '1e3'],
    [HEADER.captureTime, '12345678901234567890'],
    [HEADER.kind, 'delta?'],
    [HEADER.codec, 'gif'],
    [HEADER.keySequence, '8'],
  ])('header %s = %s is rejected', (name, value) => {
    const message = asReceived(encodeFrame(validKeyFrame()));
    message.headers![name] = encoder.encode(value);
    expectFormatError(message, 'CC_FRAME_BAD_HEADER');
  });

  test('a keyframe whose bytes are not the declared image is rejected', () => {
    const message = asReceived(encodeFrame(validKeyFrame()));
    message.value = TINY_JPEG.subarray(3);
    expect(expectFormatError(message, 'CC_FRAME_BAD_PAYLOAD').message).toMatch(/not an image/);
    message.headers![HEADER.codec] = encoder.encode('png');
    message.value = TINY_JPEG;
    expectFormatError(message, 'CC_FRAME_BAD_PAYLOAD');
  });

  test('a missing header or a duplicated one is rejected', () => {
    const message = asReceived(encodeFrame(validKeyFrame()));
    delete message.headers![HEADER.height];
    expectFormatError(message, 'CC_FRAME_BAD_HEADER');
    const twice = asReceived(encodeFrame(validKeyFrame()));
    twice.headers![HEADER.width] = [encoder.encode('1'), encoder.encode('2')];
    expectFormatError(twice, 'CC_FRAME_BAD_HEADER');
  });

  test('a refresh keyframe names the frame whose picture it repeats; older viewers ignore the header', () => {
    const refresh = validKeyFrame({ refreshOf: 5 });
    const message = encodeFrame(refresh);
    expect(message.headers[HEADER.refreshOf]).toBe('5');
    expect(decodeFrame(asReceived(message))).toEqual({ ...refresh, payload: TINY_JPEG });
    expect(encodeFrame(validKeyFrame()).headers).not.toHaveProperty(HEADER.refreshOf);
  });

  test('cc.refresh is refused on anything but a keyframe, and must name an earlier frame', () => {
    const onHeartbeat = asReceived(encodeFrame(validKeyFrame({ kind: 'heartbeat', sequence: 9, payload: new Uint8Array(0) })));
    onHeartbeat.headers![HEADER.refreshOf] = encoder.encode('8');
    expect(expectFormatError(onHeartbeat, 'CC_FRAME_BAD_HEADER').message).toMatch(/only for keyframes/);
    for (const bad of ['7', '99', '-1', 'x']) {
      const message = asReceived(encodeFrame(validKeyFrame()));
      message.headers![HEADER.refreshOf] = encoder.encode(bad);
      expectFormatError(message, 'CC_FRAME_BAD_HEADER');
    }
  });

  test('encodeFrame refuses to build an invalid message', () => {
    expect(() => encodeFrame(validKeyFrame({ width: 0 }))).toThrow(FrameFormatError);
    expect(() => encodeFrame(validKeyFrame({ codec: 'png' }))).toThrow(/cc.codec says png/);
  });
});
