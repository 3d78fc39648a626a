import { describe, expect, test } from 'vitest';
import { FrameFormatError } from './errors.js';
import { decodeGatewayFrame, encodeGatewayFrame, GATEWAY_FRAME_VERSION, readGatewayFrame } from './gateway-frame.js';
import { jpegDeclaring, TINY_JPEG, validDeltaFrame, validKeyFrame } from './test-messages.js';

const utf8 = new TextEncoder();
const bytesOf = (...parts: Array<ArrayLike<number>>) => Uint8Array.from(parts.flatMap((part) => Array.from(part)));

/** Byte fixtures of version 1, written out as the grammar at the top of gateway-frame.ts says. */
const KEY_FRAME_V1 = bytesOf(
  [0x01, 0x00, 0xbc], // version 1, header length 188
  utf8.encode(
    '{"streamId":"screen-0","kind":"key","codec":"jpeg","width":1,"height":1,"sequence":7,"captureTime":1764000000000,"keySequence":7,"keyCaptureTime":1764000000000,"partition":2,"offset":"41"}',
  ),
  TINY_JPEG,
);
const DELTA_PAYLOAD = validDeltaFrame().payload;
const CATCH_UP_DELTA_V1 = bytesOf(
  [0x01, 0x00, 0xd4], // version 1, header length 212
  utf8.encode(
    '{"streamId":"screen-0","kind":"delta","codec":"jpeg","width":200,"height":100,"sequence":8,"captureTime":1764000000000,"keySequence":7,"keyCaptureTime":1764000000000,"partition":0,"offset":"42","catchingUp":true}',
  ),
  DELTA_PAYLOAD,
);

describe('gateway frame format v1', () => {
  test('a keyframe is written exactly as the byte fixture, and read back from it', () => {
    const frame = { ...validKeyFrame(), partition: 2, offset: '41' };
    expect(encodeGatewayFrame(frame)).toEqual(KEY_FRAME_V1);
    expect(readGatewayFrame(KEY_FRAME_V1)).toEqual({ frame });
    expect(GATEWAY_FRAME_VERSION).toBe(KEY_FRAME_V1[0]);
  });

  test('a delta comes with its tile container parsed, once, for the compositor', () => {
    const { frame, container } = readGatewayFrame(CATCH_UP_DELTA_V1);
    expect(frame).toEqual({ ...validDeltaFrame(), partition: 0, offset: '42', catchingUp: true });
    expect(encodeGatewayFrame(frame)).toEqual(CATCH_UP_DELTA_V1);
    expect(container!.rects.map(({ frameX, frameY }) => `${frameX},${frameY}`)).toEqual(['64,0', '192,64']);
    expect(container!.pictures[0]!.bytes).toEqual(jpegDeclaring(128, 64));
  });

  test('fields riding on the frame object beside the documented ones stay off the wire', () => {
    const frame = { ...validKeyFrame(), partition: 2, offset: '41' };
    expect(encodeGatewayFrame({ ...frame, container: { atlas: TINY_JPEG } } as typeof frame)).toEqual(KEY_FRAME_V1);
  });

  test('another version is refused with its own code, whatever follows', () => {
    for (const version of [0, 2, 0xff]) {
      const bytes = Uint8Array.from(KEY_FRAME_V1);
      bytes[0] = version;
      expect(() => readGatewayFrame(bytes)).toThrow(
        expect.objectContaining({ code: 'CC_FRAME_UNSUPPORTED_VERSION', message: expect.stringContaining(`version ${version}`) }),
      );
    }
    // The unversioned layout of before (u32 header length first) reads as version 0.
    expect(() => readGatewayFrame(Uint8Array.of(0, 0, 0, 2, 0x7b, 0x7d))).toThrow(expect.objectContaining({ code: 'CC_FRAME_UNSUPPORTED_VERSION' }));
  });

  test('the header follows the frame format rules, without Kafka headers', () => {
    const header = (fields: Record<string, unknown>) => {
      const json = utf8.encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(KEY_FRAME_V1.subarray(3, 3 + 188))), ...fields }));
      return bytesOf([1, json.length >> 8, json.length & 0xff], json, TINY_JPEG);
    };
    const expectBad = (fields: Record<string, unknown>, code: string, message: RegExp) =>
      expect(() => readGatewayFrame(header(fields)), JSON.stringify(fields)).toThrow(
        expect.objectContaining({ code, message: expect.stringMatching(message) }),
      );
    expectBad({ width: 0 }, 'CC_FRAME_BAD_HEADER', /cc.w 0 is outside/);
    expectBad({ width: '1' }, 'CC_FRAME_BAD_HEADER', /width is not a number/);
    expectBad({ kind: 'movie' }, 'CC_FRAME_BAD_HEADER', /cc.kind "movie"/);
    expectBad({ streamId: '' }, 'CC_FRAME_BAD_HEADER', /not a stream id/);
    expectBad({ refreshOf: 9 }, 'CC_FRAME_BAD_HEADER', /cc.refresh 9 must name an earlier frame/);
    expectBad({ codec: 'png' }, 'CC_FRAME_BAD_PAYLOAD', /cc.codec says png/);
    expectBad({ offset: 41 }, 'CC_FRAME_BAD_HEADER', /partition and offset/);
    expect(readGatewayFrame(header({ refreshOf: 6, sequence: 8, keySequence: 8 })).frame.refreshOf).toBe(6);
  });
});

test('a frame crosses the WebSocket unchanged, with its partition and offset', () => {
  const frame = { ...validKeyFrame(), partition: 2, offset: '41' };
  expect(decodeGatewayFrame(encodeGatewayFrame(frame))).toEqual(frame);
  const refresh = { ...validKeyFrame({ refreshOf: 6 }), partition: 0, offset: '42' };
  expect(decodeGatewayFrame(encodeGatewayFrame(refresh))).toEqual(refresh);
});

test('a damaged gateway frame is a FrameFormatError, not a crash', () => {
  const bytes = encodeGatewayFrame({ ...validKeyFrame(), partition: 0, offset: '0' });
  expect(() => decodeGatewayFrame(bytes.subarray(0, 2))).toThrow(FrameFormatError);
  const wrongLength = Uint8Array.from(bytes);
  wrongLength[1] = 0xff; // the length's high byte (byte 0 is the version)
  expect(() => decodeGatewayFrame(wrongLength)).toThrow(/impossible/);
  const cut = bytes.subarray(0, bytes.length - 10);
  expect(() => decodeGatewayFrame(cut)).not.toThrow(); // trailing JPEG bytes missing still sniff as JPEG
  for (let i = 0; i < 2000; i += 1) {
    const mutated = Uint8Array.from(bytes);
    mutated[i % 200] = (i * 37) & 0xff;
    try {
      decodeGatewayFrame(mutated);
    } catch (error) {
      expect(error).toBeInstanceOf(FrameFormatError);
    }
  }
});
