/**
 * The classcast frame format, versions 1 and 2: one Kafka message per frame. Version 2 differs only
 * in a delta's value (delta-container.ts): a delta written with copies and per-picture codecs says
 * cc.v "2", every other frame still says "1", so a viewer of version 1 keeps showing the keyframes
 * and refreshes of a newer lesson and names the version of each delta it cannot draw.
 *
 *   key     = stream id, UTF-8 (e.g. "screen-0"): one stream stays on one partition, in order
 *   value   = kind "key":       the encoded picture itself (JPEG, WebP or PNG bytes), so any
 *                               Kafka tool can dump it to a file that opens as an image
 *             kind "delta":     what changed since the previous frame, in a delta container
 *                               (version 1: tile-container.ts, version 2: delta-container.ts),
 *                               drawn over the picture so far
 *             kind "heartbeat": empty; says "still live, screen unchanged"
 *             kind "end":       empty; the teacher ended the broadcast (the picture stays as it was)
 *   headers (all UTF-8 text, each present exactly once):
 *     cc.v        format version, "1" or "2" (a delta in a CCD2 container)
 *     cc.kind     "key" | "delta" | "heartbeat" | "end"
 *     cc.codec    "jpeg" | "webp" | "png"           (a keyframe's value must have that signature;
 *                                                   heartbeat, end and a version 2 delta repeat
 *                                                   their keyframe's; a version 1 delta's atlas has it)
 *     cc.w, cc.h  picture size in pixels, 1..MAX_DIMENSION
 *     cc.seq      frame sequence number in this stream, 0..2^53-1, increasing
 *     cc.ts       capture time, milliseconds since the Unix epoch
 *     cc.kseq     sequence of the keyframe this frame builds on (= cc.seq for a keyframe)
 *     cc.kts      capture time of that keyframe
 *   optional header:
 *     cc.refresh  on a keyframe only: the sequence of the frame whose picture it repeats (the last
 *                 key or delta before it). The teacher sends such a refresh every few seconds for
 *                 late joiners; a viewer that has drawn that frame already has this picture and
 *                 may skip decoding it (no decode burst at every student at once).
 *
 * decodeFrame() accepts exactly this and nothing else: a foreign or corrupt message gives a
 * FrameFormatError with a stable code, never an exception of another type.
 */
import { FrameFormatError } from './errors.js';
import { isImageCodec, sniffImageCodec, type ImageCodec } from './image-signature.js';
import { decodeDeltaContainer, DELTA_CONTAINER_MAGIC, type DeltaContainer } from './delta-container.js';

/** The newest version this code writes and reads; it reads every version from 1 up. */
export const FORMAT_VERSION = 2;
/** Largest width or height we accept: 8K is 7680; beyond 16384 is a corrupt header, not a screen. */
export const MAX_DIMENSION = 16384;

export const HEADER = {
  version: 'cc.v',
  kind: 'cc.kind',
  codec: 'cc.codec',
  width: 'cc.w',
  height: 'cc.h',
  sequence: 'cc.seq',
  captureTime: 'cc.ts',
  keySequence: 'cc.kseq',
  keyCaptureTime: 'cc.kts',
  refreshOf: 'cc.refresh',
} as const;

export const FRAME_KINDS = ['key', 'delta', 'heartbeat', 'end'] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

export interface FrameMeta {
  kind: FrameKind;
  codec: ImageCodec;
  width: number;
  height: number;
  sequence: number;
  /** Capture time, ms since the Unix epoch. */
  captureTime: number;
  keySequence: number;
  keyCaptureTime: number;
  /** On a refresh keyframe: the sequence of the key or delta frame whose picture it repeats. */
  refreshOf?: number;
}

export interface Frame extends FrameMeta {
  streamId: string;
  payload: Uint8Array;
}

/** What a Kafka client hands us: kafkajs gives Buffers, other clients may give strings. */
export type HeaderValue = Uint8Array | string | Array<Uint8Array | string> | undefined;
export interface RawMessage {
  key?: Uint8Array | string | null;
  value?: Uint8Array | null;
  headers?: Record<string, HeaderValue> | undefined;
}

/** A frame as read off the wire; a delta's tile container comes parsed, to hand on to the compositor. */
export interface DecodedFrame<F extends Frame = Frame> {
  frame: F;
  container?: DeltaContainer;
}

export interface EncodedMessage {
  key: string;
  value: Uint8Array;
  headers: Record<string, string>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Builds the Kafka message for a frame. Validates first, so a bad frame never reaches the topic. */
export function encodeFrame(frame: Frame): EncodedMessage {
  validateMeta(frame);
  validatePayload(frame, frame.payload);
  return {
    key: frame.streamId,
    value: frame.payload,
    headers: {
      [HEADER.version]: String(versionOf(frame)),
      [HEADER.kind]: frame.kind,
      [HEADER.codec]: frame.codec,
      [HEADER.width]: String(frame.width),
      [HEADER.height]: String(frame.height),
      [HEADER.sequence]: String(frame.sequence),
      [HEADER.captureTime]: String(frame.captureTime),
      [HEADER.keySequence]: String(frame.keySequence),
      [HEADER.keyCaptureTime]: String(frame.keyCaptureTime),
      ...(frame.refreshOf === undefined ? {} : { [HEADER.refreshOf]: String(frame.refreshOf) }),
    },
  };
}

/** Reads a Kafka message as a frame, or throws FrameFormatError saying why it is not one. */
export function decodeFrame(message: RawMessage): Frame {
  const headers = message.headers ?? {};
  const versionText = readHeader(headers, HEADER.version, false);
  if (versionText === undefined) {
    throw new FrameFormatError('CC_FRAME_NOT_CLASSCAST', 'message has no cc.v header: not a classcast frame');
  }
  if (!/^[1-9]$/.test(versionText) || Number(versionText) > FORMAT_VERSION) {
    throw new FrameFormatError(
      'CC_FRAME_UNSUPPORTED_VERSION',
      `frame format version "${truncate(versionText)}" is not supported (this viewer reads versions 1 to ${FORMAT_VERSION}): update classcast`,
    );
  }
  const meta: FrameMeta = {
    kind: checkKind(readHeader(headers, HEADER.kind)),
    codec: checkCodec(readHeader(headers, HEADER.codec)),
    width: readInteger(headers, HEADER.width),
    height: readInteger(headers, HEADER.height),
    sequence: readInteger(headers, HEADER.sequence),
    captureTime: readInteger(headers, HEADER.captureTime),
    keySequence: readInteger(headers, HEADER.keySequence),
    keyCaptureTime: readInteger(headers, HEADER.keyCaptureTime),
  };
  if (readHeader(headers, HEADER.refreshOf, false) !== undefined) meta.refreshOf = readInteger(headers, HEADER.refreshOf);
  return checkFrame(meta, readKey(message.key), message.value ?? new Uint8Array(0)).frame;
}

/**
 * The rules every frame obeys whatever carried it (Kafka headers here, the gateway's JSON header
 * in gateway-frame.ts): meta in range, payload of its kind. Returns a delta's parsed container.
 */
export function checkFrame(meta: FrameMeta, streamId: string, payload: Uint8Array): DecodedFrame {
  validateMeta(meta);
  const container = validatePayload(meta, payload);
  const frame: Frame = { ...meta, streamId, payload };
  return container ? { frame, container } : { frame };
}

export function checkKind(kind: string): FrameKind {
  if (!(FRAME_KINDS as readonly string[]).includes(kind)) {
    throw badHeader(`cc.kind "${truncate(kind)}" is not one of ${FRAME_KINDS.join(', ')}`);
  }
  return kind as FrameKind;
}

export function checkCodec(codec: string): ImageCodec {
  if (!isImageCodec(codec)) throw badHeader(`cc.codec "${truncate(codec)}" is not jpeg, webp or png`);
  return codec;
}

/** A stream id (the Kafka key): 1..64 characters. */
export function checkStreamId(text: string): string {
  if (text.length === 0 || text.length > 64) throw badHeader('message key is not a stream id');
  return text;
}

/** Like decodeFrame, but returns the error instead of throwing: for viewers that skip and count. */
export function tryDecodeFrame(message: RawMessage): { frame: Frame } | { error: FrameFormatError } {
  try {
    return { frame: decodeFrame(message) };
  } catch (error) {
    if (error instanceof FrameFormatError) return { error };
    throw error;
  }
}

function validateMeta(meta: FrameMeta): void {
  for (const [name, value] of [
    [HEADER.width, meta.width],
    [HEADER.height, meta.height],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1 || value > MAX_DIMENSION) {
      throw badHeader(`${name} ${value} is outside 1..${MAX_DIMENSION}`);
    }
  }
  for (const [name, value] of [
    [HEADER.sequence, meta.sequence],
    [HEADER.captureTime, meta.captureTime],
    [HEADER.keySequence, meta.keySequence],
    [HEADER.keyCaptureTime, meta.keyCaptureTime],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw badHeader(`${name} ${value} is not a non-negative integer`);
  }
  if (meta.keySequence > meta.sequence) {
    throw badHeader(`cc.kseq ${meta.keySequence} is after the frame's own cc.seq ${meta.sequence}`);
  }
  if (meta.kind === 'delta' && meta.keySequence === meta.sequence) {
    throw badHeader(`a delta must build on an earlier keyframe: cc.kseq ${meta.keySequence} = cc.seq`);
  }
  if (meta.refreshOf !== undefined) {
    if (meta.kind !== 'key') throw badHeader(`cc.refresh is only for keyframes, not on a ${meta.kind}`);
    if (!Number.isSafeInteger(meta.refreshOf) || meta.refreshOf < 0 || meta.refreshOf >= meta.sequence) {
      throw badHeader(`cc.refresh ${meta.refreshOf} must name an earlier frame than cc.seq ${meta.sequence}`);
    }
  }
  if (meta.kind === 'key' && meta.keySequence !== meta.sequence) {
    throw badHeader(`a keyframe must build on itself: cc.kseq ${meta.keySequence} != cc.seq ${meta.sequence}`);
  }
}

/** The oldest version that describes the frame: 2 only for a delta in a version 2 container. */
function versionOf(frame: Frame): number {
  const isVersion2 = frame.kind === 'delta' && DELTA_CONTAINER_MAGIC.every((byte, i) => frame.payload[i] === byte);
  return isVersion2 ? 2 : 1;
}

function validatePayload({ kind, codec, width, height }: FrameMeta, payload: Uint8Array): DeltaContainer | undefined {
  if (kind === 'delta') return decodeDeltaContainer(payload, { width, height, codec });
  if (kind === 'heartbeat' || kind === 'end') {
    if (payload.length !== 0) throw new FrameFormatError('CC_FRAME_BAD_PAYLOAD', `a ${kind} message must have an empty value`);
    return undefined;
  }
  const sniffed = sniffImageCodec(payload);
  if (sniffed !== codec) {
    throw new FrameFormatError('CC_FRAME_BAD_PAYLOAD', `keyframe value is ${sniffed ? `a ${sniffed} image` : 'not an image'} but cc.codec says ${codec}`);
  }
  return undefined;
}

function readHeader(headers: Record<string, HeaderValue>, name: string): string;
function readHeader(headers: Record<string, HeaderValue>, name: string, required: false): string | undefined;
function readHeader(headers: Record<string, HeaderValue>, name: string, required = true): string | undefined {
  const raw = Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
  if (raw === undefined || raw === null) {
    if (required) throw badHeader(`header ${name} is missing`);
    return undefined;
  }
  if (Array.isArray(raw)) {
    if (raw.length !== 1) throw badHeader(`header ${name} appears ${raw.length} times`);
    return decodeText(name, raw[0]!);
  }
  return decodeText(name, raw);
}

function decodeText(name: string, value: Uint8Array | string): string {
  if (typeof value === 'string') return value;
  if (!(value instanceof Uint8Array)) throw badHeader(`header ${name} is not text`);
  if (value.length > 64) throw badHeader(`header ${name} is ${value.length} bytes long`);
  try {
    return utf8.decode(value);
  } catch {
    throw badHeader(`header ${name} is not valid UTF-8`);
  }
}

function readInteger(headers: Record<string, HeaderValue>, name: string): number {
  const text = readHeader(headers, name);
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text)) throw badHeader(`header ${name} "${truncate(text)}" is not a whole number`);
  return Number(text);
}

function readKey(key: RawMessage['key']): string {
  if (key === undefined || key === null) throw badHeader('message has no key (the stream id)');
  let text: string;
  try {
    text = typeof key === 'string' ? key : utf8.decode(key);
  } catch {
    throw badHeader('message key is not a stream id');
  }
  return checkStreamId(text);
}

function badHeader(message: string): FrameFormatError {
  return new FrameFormatError('CC_FRAME_BAD_HEADER', message);
}

function truncate(text: string): string {
  return text.length > 32 ? `${text.slice(0, 32)}…` : text;
}
