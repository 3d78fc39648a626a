/**
 * The gateway wire format, version 1: one frame in one binary message, from the web gateway to a
 * browser (a WebSocket message) and from the desktop app's main process to its page (a
 * MessagePort message).
 *
 *   offset  size  field
 *   0       1     wire version, 1. Any other is refused with CC_FRAME_UNSUPPORTED_VERSION (the
 *                 unversioned layout before it began with a u32 length ≤ 4096, so with a 0 byte)
 *   1       2     header length H (u16 BE, 2..4096)
 *   3       H     header: one UTF-8 JSON object, fields in this order
 *                   streamId                        string: the Kafka message key
 *                   kind, codec                     strings        } as the cc.* headers of
 *                   width, height, sequence,        JSON numbers   } frame.ts, with the same
 *                   captureTime, keySequence,                      } rules
 *                   keyCaptureTime, refreshOf?
 *                   partition                       number: the frame's place in Kafka
 *                   offset                          decimal string (Kafka offsets pass 2^53)
 *                   catchingUp?                     true: replayed to rebuild the picture on
 *                                                   joining; compose it, do not paint it
 *   3+H     …     payload: the frame's value bytes, exactly as on the Kafka topic
 *
 * readGatewayFrame() accepts exactly this: the same checks as decodeFrame (checkFrame, no Kafka
 * headers), and a delta's tile container comes back parsed, so the viewer hands it to the
 * compositor instead of parsing it again. Anything else is a FrameFormatError, never a crash.
 */
import { FrameFormatError } from './errors.js';
import { checkCodec, checkFrame, checkKind, checkStreamId, type DecodedFrame, type Frame, type FrameMeta } from './frame.js';

export const GATEWAY_FRAME_VERSION = 1;
const PREFIX_BYTES = 3;
const MAX_HEADER_BYTES = 4096;

export interface GatewayFrame extends Frame {
  partition: number;
  offset: string;
  /** Replayed only to rebuild the picture on joining: compose it without painting. */
  catchingUp?: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The bytes of one frame, in an exact-size buffer of its own (the payload is copied). */
export function encodeGatewayFrame(frame: GatewayFrame): Uint8Array {
  // Named fields, in the documented order: whatever else rides on the object stays off the wire.
  const header = encoder.encode(
    JSON.stringify({
      streamId: frame.streamId,
      kind: frame.kind,
      codec: frame.codec,
      width: frame.width,
      height: frame.height,
      sequence: frame.sequence,
      captureTime: frame.captureTime,
      keySequence: frame.keySequence,
      keyCaptureTime: frame.keyCaptureTime,
      refreshOf: frame.refreshOf,
      partition: frame.partition,
      offset: frame.offset,
      catchingUp: frame.catchingUp,
    }),
  );
  const bytes = new Uint8Array(PREFIX_BYTES + header.length + frame.payload.length);
  bytes[0] = GATEWAY_FRAME_VERSION;
  new DataView(bytes.buffer).setUint16(1, header.length);
  bytes.set(header, PREFIX_BYTES);
  bytes.set(frame.payload, PREFIX_BYTES + header.length);
  return bytes;
}

/** Reads one frame; a delta's parsed tile container comes with it. Throws FrameFormatError. */
export function readGatewayFrame(bytes: Uint8Array): DecodedFrame<GatewayFrame> {
  if (bytes.length < PREFIX_BYTES) throw badHeader('gateway frame shorter than its version and length fields');
  if (bytes[0] !== GATEWAY_FRAME_VERSION) {
    throw new FrameFormatError(
      'CC_FRAME_UNSUPPORTED_VERSION',
      `gateway frame version ${bytes[0]} is not supported (this viewer reads version ${GATEWAY_FRAME_VERSION}): reload the page`,
    );
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(1);
  if (headerLength > MAX_HEADER_BYTES || PREFIX_BYTES + headerLength > bytes.length) {
    throw badHeader(`gateway frame header length ${headerLength} is impossible`);
  }
  const header = parseHeader(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength));
  const meta: FrameMeta = {
    kind: checkKind(text(header, 'kind')),
    codec: checkCodec(text(header, 'codec')),
    width: number(header, 'width'),
    height: number(header, 'height'),
    sequence: number(header, 'sequence'),
    captureTime: number(header, 'captureTime'),
    keySequence: number(header, 'keySequence'),
    keyCaptureTime: number(header, 'keyCaptureTime'),
  };
  if (header.refreshOf !== undefined) meta.refreshOf = number(header, 'refreshOf');
  const { partition, offset } = header;
  if (typeof partition !== 'number' || !Number.isSafeInteger(partition) || partition < 0 || typeof offset !== 'string' || !/^\d+$/.test(offset)) {
    throw badHeader('gateway frame has no valid partition and offset');
  }
  const { frame, container } = checkFrame(meta, checkStreamId(text(header, 'streamId')), bytes.subarray(PREFIX_BYTES + headerLength));
  const gatewayFrame: GatewayFrame = header.catchingUp === true ? { ...frame, partition, offset, catchingUp: true } : { ...frame, partition, offset };
  return container ? { frame: gatewayFrame, container } : { frame: gatewayFrame };
}

/** Reads one frame without its parsed container (for tests and tools that only look at frames). */
export function decodeGatewayFrame(bytes: Uint8Array): GatewayFrame {
  return readGatewayFrame(bytes).frame;
}

function parseHeader(bytes: Uint8Array): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the one error below
  }
  throw badHeader('gateway frame header is not a JSON object');
}

function text(header: Record<string, unknown>, name: string): string {
  const value = header[name];
  if (typeof value !== 'string') throw badHeader(`gateway frame header field ${name} is not a string`);
  return value;
}

function number(header: Record<string, unknown>, name: string): number {
  const value = header[name];
  if (typeof value !== 'number') throw badHeader(`gateway frame header field ${name} is not a number`);
  return value;
}

function badHeader(message: string): FrameFormatError {
  return new FrameFormatError('CC_FRAME_BAD_HEADER', message);
}
