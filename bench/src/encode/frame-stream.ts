/**
 * The messages a broadcast of encoded pictures turns into, without Kafka: sequence numbers, the
 * keyframe each frame builds on, a heartbeat a second while the screen stays unchanged (as the
 * broadcast session does), and the size of each Kafka message (key + value + headers).
 */
import type { EncodedFrame, EncodedKeyframe } from '@classcast/codec';
import { DEFAULT_STREAM_ID, encodeFrame, type Frame } from '@classcast/protocol';

const HEARTBEAT_INTERVAL_MS = 1000;

export interface FrameStream {
  /** The message sent for `encoded` (a heartbeat for an unchanged screen, when one is due), if any. */
  push(encoded: EncodedFrame, captureTime: number): Frame | undefined;
  /** The refresh keyframe sent after the last push: it repeats the last key or delta. */
  pushRefresh(encoded: EncodedKeyframe, captureTime: number): Frame;
  readonly bytes: number;
  readonly messages: number;
  readonly heartbeats: number;
}

export function createFrameStream(): FrameStream {
  let last: Frame | undefined;
  let key = { keySequence: 0, keyCaptureTime: 0 };
  let lastPicture: number | undefined;
  const totals = { bytes: 0, messages: 0, heartbeats: 0 };

  function record(frame: Frame): Frame {
    last = frame;
    if (frame.kind === 'key' || frame.kind === 'delta') lastPicture = frame.sequence;
    totals.bytes += messageBytes(frame);
    totals.messages += 1;
    return frame;
  }

  function picture(encoded: Exclude<EncodedFrame, { kind: 'unchanged' }>, sequence: number, captureTime: number, refreshOf?: number): Frame {
    if (encoded.kind === 'key') key = { keySequence: sequence, keyCaptureTime: captureTime };
    const { kind, codec, width, height, bytes: payload } = encoded;
    return record({
      streamId: DEFAULT_STREAM_ID,
      kind,
      codec,
      width,
      height,
      sequence,
      captureTime,
      ...key,
      ...(refreshOf === undefined ? {} : { refreshOf }),
      payload,
    });
  }

  return {
    push(encoded, captureTime) {
      const sequence = last ? last.sequence + 1 : 0;
      if (encoded.kind === 'unchanged') {
        if (!last || captureTime - last.captureTime < HEARTBEAT_INTERVAL_MS) return undefined;
        totals.heartbeats += 1;
        const { refreshOf: _picturesOwn, ...base } = last;
        return record({ ...base, kind: 'heartbeat', sequence, captureTime, payload: new Uint8Array(0) });
      }
      return picture(encoded, sequence, captureTime);
    },
    pushRefresh(encoded, captureTime) {
      if (!last || lastPicture === undefined) throw new Error('a refresh repeats a picture: push one first');
      return picture(encoded, last.sequence + 1, captureTime, lastPicture);
    },
    get bytes() {
      return totals.bytes;
    },
    get messages() {
      return totals.messages;
    },
    get heartbeats() {
      return totals.heartbeats;
    },
  };
}

/** What one frame costs on the wire as a Kafka record's key, value and headers. */
export function messageBytes(frame: Frame): number {
  const message = encodeFrame(frame);
  const headers = Object.entries(message.headers).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value), 0);
  return Buffer.byteLength(message.key) + message.value.length + headers;
}
