/**
 * What the web gateway and a browser student say over one WebSocket.
 *
 * Browser → gateway, text (JSON):
 *   {"type":"join","classId":"physics-7b","student":"ada"}            first, and only once
 *       on a cluster that needs a login, with "password":"…" (the student's Kafka password, used
 *       only for the SCRAM exchange) or "token":"…" (a school sign-in's ID token, passed to Kafka
 *       as SASL/OAUTHBEARER); the gateway's GET /login.json says which (login-method.ts)
 *       with "annotations":true from a viewer that draws the teacher's marks: only such a viewer is
 *       sent board and annotation messages (a viewer from before them is sent none)
 *   {"type":"seek","time":ms}            replay the lesson from this capture time (ms since epoch)
 *   {"type":"seek","partition":p,"offset":"o"}   replay from this Kafka offset (a decimal string)
 *   {"type":"speed","speed":1|2|4|0}     replay pace; 0 pauses, 1/2/4 resumes from where it stood
 *   {"type":"live"}                      back to the live stream (the newest picture at once)
 * Gateway → browser, text (JSON):
 *   {"type":"status","status":<ViewerStatus>,"detail"?:string}
 *   {"type":"skipped","total":n,"reason":string,"code"?:string}   a message on the topic that is not a
 *       frame; code: the latest one's error code (CC_FRAME_UNSUPPORTED_VERSION: a newer classcast wrote it)
 *   {"type":"error","code":string,"message":string,"fatal"?:false}
 *       without fatal (or fatal true): the join failed or the session ended (bad name, class
 *       missing…) and the socket closes; fatal false: one request was refused (a bad seek, too
 *       many requests) and the student stays connected and streaming
 *   {"type":"timeline","start":ms,"end":ms,"position":ms,"mode":"live"|"replay"|"paused","speed":n,
 *    "at"?:{"partition":p,"offset":"o"}}   (at: the Kafka position of the frame on screen)
 *       the lesson so far (capture times of the oldest kept and the newest frame) and where the
 *       student is in it; sent on every change of mode and about once a second while it moves
 *   {"type":"announcement","text":string,"time":ms}   a notice for the class (announcement.ts rules)
 *   {"type":"eyes-on-me","time":ms,"text"?:string}   the teacher asked everyone to look (at `time`):
 *       the student is live again, and the viewer asks it to go full screen (a page cannot by
 *       itself); text, when the student was in replay or paused and was brought back: why
 *   {"type":"picture-limit","maxPixels":n,"description":string}   the class's picture-size limit
 *       (class-settings.ts), sent before the first frame: larger pictures are refused undecoded
 *   {"type":"board","stream":"screen-0","strokes":[<stroke>…],"pointer":{"x":f,"y":f}|null}
 *       the whole board of one stream (annotation.ts): replaces what the viewer draws over that
 *       stream's picture. Sent on joining and back at live (the board now), and in a replay when
 *       the picture on screen moves back in time or jumps far (the board at the picture's capture
 *       time). <stroke> is a stroke as on the annotation topic without its "v"
 *       ({"type":"stroke","id":"s1","tool":"pen",…}), checked by the same rules; at most
 *       MAX_BOARD_BYTES and MAX_BOARD_STROKES of strokes, the newest kept
 *   {"type":"annotation","stream":"screen-0","annotation":<annotation>}   one mark (as on the topic, without "v") applied on
 *       top of that board (applyAnnotation): live as the teacher draws, in a replay as the
 *       pictures pass its time
 *   A viewer that meets a type it does not know ignores it with one line (unknownServerMessageType).
 * Gateway → browser, binary: one frame, in the versioned layout of gateway-frame.ts.
 */
import { FrameFormatError, GatewayRequestError } from './errors.js';
import { checkAnnouncementText } from './announcement.js';
import { assertValidName, assertValidUserName } from './names.js';
import { isViewerStatus, type ViewerStatus } from './viewer-status.js';
import { MAX_DIMENSION } from './frame.js';
import { ANNOTATION_VERSION, checkAnnotation, type Annotation, type AnnotationBoard, type StrokeAnnotation } from './annotation.js';

export interface GatewayJoin {
  type: 'join';
  classId: string;
  student: string;
  /** The student's own Kafka password, on a cluster with password logins. */
  password?: string;
  /** The student's sign-in token (a JWT), on a cluster with school sign-in. */
  token?: string;
  /**
   * Where a reconnecting student was in the lesson, away from live: the frame on screen and the
   * speed (0: paused). The gateway, this one or another behind the same load balancer, takes the
   * student back there as soon as it streams. A student who was live needs none: it goes on live.
   */
  resume?: { at: TopicPosition; speed: ReplaySpeed };
  /** This viewer draws the teacher's marks: send it board and annotation messages. */
  annotations?: true;
}

/** Longest password a join may carry (SCRAM has no limit; this bounds what a socket may make the gateway hash). */
export const MAX_PASSWORD_LENGTH = 1024;
/** Longest sign-in token a join may carry: Entra ID tokens with many group claims reach a few KB. */
export const MAX_TOKEN_LENGTH = 12_288;
const JWT_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
export const REPLAY_SPEEDS = [0, 1, 2, 4] as const;
/** 0 = paused. */
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];
export type TimelineMode = 'live' | 'replay' | 'paused';

/** What a browser may send once it has joined: where in the lesson it wants to be. */
/** A place in a class topic: the partition of a stream and an offset in it (decimal, as Kafka tools print it). */
export interface TopicPosition {
  partition: number;
  offset: string;
}

export type GatewayControl = { type: 'seek'; time: number } | ({ type: 'seek' } & TopicPosition) | { type: 'speed'; speed: ReplaySpeed } | { type: 'live' };
export type GatewayClientMessage = GatewayJoin | GatewayControl;

export interface GatewayTimeline {
  type: 'timeline';
  start: number;
  end: number;
  position: number;
  mode: TimelineMode;
  speed: ReplaySpeed;
  /** Where in Kafka the frame on screen is, once one has been seen. */
  at?: TopicPosition;
}

export type GatewayServerMessage =
  | { type: 'status'; status: ViewerStatus; detail?: string }
  | { type: 'skipped'; total: number; reason: string; code?: string }
  | GatewayError
  | GatewayAnnouncement
  | GatewayEyesOnMe
  | GatewayPictureLimit
  | GatewayTimeline
  | GatewayBoard
  | GatewayMark;

/** The whole board of one stream, as it stands at the picture on screen. */
export interface GatewayBoard {
  type: 'board';
  stream: string;
  strokes: StrokeAnnotation[];
  pointer: { x: number; y: number } | null;
}

/** One annotation applied on top of the stream's board. */
export interface GatewayMark {
  type: 'annotation';
  stream: string;
  annotation: Annotation;
}

/** A board message carries at most this much of strokes (the newest kept): what a join or a seek may cost a student. */
export const MAX_BOARD_BYTES = 1024 * 1024;
/** And at most this many strokes; a viewer refuses a board of more. */
export const MAX_BOARD_STROKES = 4096;
const STREAM_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** The board message for `board`: the newest strokes up to MAX_BOARD_BYTES (as JSON), in the order drawn. */
export function boardMessage(stream: string, board: AnnotationBoard): GatewayBoard {
  const strokes: StrokeAnnotation[] = [];
  let bytes = 0;
  for (const stroke of [...board.strokes.values()].reverse()) {
    bytes += 64 + stroke.points.length * 9;
    if (bytes > MAX_BOARD_BYTES || strokes.length === MAX_BOARD_STROKES) break;
    strokes.push(stroke);
  }
  return { type: 'board', stream, strokes: strokes.reverse(), pointer: board.pointer ?? null };
}

/** The type of a server message this viewer does not know (a newer gateway's), or undefined. */
export function unknownServerMessageType(text: string): string | undefined {
  const message = parseJsonObject(text);
  if (!message || typeof message.type !== 'string' || SERVER_MESSAGE_TYPES.includes(message.type)) return undefined;
  return escapeControlCharacters(message.type.slice(0, 40));
}

const SERVER_MESSAGE_TYPES: readonly string[] = [
  'status',
  'skipped',
  'error',
  'announcement',
  'picture-limit',
  'timeline',
  'board',
  'annotation',
] satisfies GatewayServerMessage['type'][];

/** The class's picture limit, for the viewer's compositor (it never raises the format's ceiling). */
export interface GatewayPictureLimit {
  type: 'picture-limit';
  maxPixels: number;
  /** How a refusal names it: "the class's limit of 640x360 (230400 pixels)". */
  description: string;
}

/** A refusal. `fatal: false`: only one request was refused and the session goes on; absent: the session is over. */
export interface GatewayError {
  type: 'error';
  code: string;
  message: string;
  fatal?: false;
}

/** True unless the gateway said the session goes on (an error without the flag, from an older gateway too, is final). */
export const isFatalError = (message: GatewayError): boolean => message.fatal !== false;

/**
 * Untrusted text (a name, a message a browser sent) made safe for one log line: control
 * characters (NUL, escape, newline…) and Unicode line separators become \uXXXX escapes, so
 * they can neither forge log lines nor drive the terminal.
 */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface GatewayAnnouncement {
  type: 'announcement';
  text: string;
  time: number;
}

/** "Eyes on me": back to live (done by the gateway), and a prompt to go full screen; `text` says why when the student was taken out of a replay. */
export interface GatewayEyesOnMe {
  type: 'eyes-on-me';
  time: number;
  text?: string;
}

/** Parses what a browser sent; throws GatewayRequestError or InvalidNameError with a clear message. */
export function parseClientMessage(text: string): GatewayClientMessage {
  const message = parseRequestObject(text);
  if (message.type === 'seek' || message.type === 'speed' || message.type === 'live') return parseControl(message);
  if (message.type !== 'join' || typeof message.classId !== 'string' || typeof message.student !== 'string') {
    throw new GatewayRequestError('expected {"type":"join","classId":…,"student":…}');
  }
  const join: GatewayJoin = {
    type: 'join',
    classId: assertValidName('class id', message.classId),
    student: assertValidUserName('student name', message.student),
  };
  const { password, token } = message;
  if (password !== undefined && token !== undefined) throw new GatewayRequestError('a join carries a password or a sign-in token, not both');
  if (password !== undefined) {
    if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) {
      throw new GatewayRequestError(`the password must be text of 1 to ${MAX_PASSWORD_LENGTH} characters`);
    }
    join.password = password;
  }
  if (token !== undefined) {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !JWT_PATTERN.test(token)) {
      throw new GatewayRequestError(`the sign-in token must be a JWT (header.payload.signature) of at most ${MAX_TOKEN_LENGTH} characters`);
    }
    join.token = token;
  }
  if (message.resume !== undefined) join.resume = parseResume(message.resume);
  if (message.annotations !== undefined && message.annotations !== true) throw new GatewayRequestError('"annotations" is true or absent');
  if (message.annotations === true) join.annotations = true;
  return join;
}

function parseResume(value: unknown): NonNullable<GatewayJoin['resume']> {
  const resume = value as Record<string, unknown> | null;
  const keys = typeof resume === 'object' && resume !== null ? Object.keys(resume).sort().join(',') : '';
  if (keys !== 'at,speed' || !isTopicPosition(resume!.at) || !isReplaySpeed(resume!.speed)) {
    throw new GatewayRequestError('expected "resume":{"at":{"partition":p,"offset":"o"},"speed":0|1|2|4}');
  }
  return { at: { partition: resume!.at.partition, offset: resume!.at.offset }, speed: resume!.speed };
}

/** Parses a control message (seek, speed, live); anything else, or a join, is refused. */
export function parseControlMessage(text: string): GatewayControl {
  return parseControl(parseRequestObject(text));
}

function parseControl(message: Record<string, unknown>): GatewayControl {
  const keys = Object.keys(message).sort().join(',');
  if (message.type === 'live' && keys === 'type') return { type: 'live' };
  if (message.type === 'seek' && keys === 'time,type' && isTime(message.time)) return { type: 'seek', time: message.time };
  if (message.type === 'seek' && keys === 'offset,partition,type' && isTopicPosition(message))
    return { type: 'seek', partition: message.partition, offset: message.offset };
  if (message.type === 'speed' && keys === 'speed,type' && isReplaySpeed(message.speed)) return { type: 'speed', speed: message.speed };
  throw new GatewayRequestError(
    'expected {"type":"seek","time":ms}, {"type":"seek","partition":p,"offset":"o"}, {"type":"speed","speed":0|1|2|4} or {"type":"live"}',
  );
}

function isTopicPosition(value: unknown): value is TopicPosition {
  if (typeof value !== 'object' || value === null) return false;
  const { partition, offset } = value as Record<string, unknown>;
  return (
    typeof partition === 'number' &&
    Number.isSafeInteger(partition) &&
    partition >= 0 &&
    partition < 100_000 &&
    typeof offset === 'string' &&
    /^(0|[1-9][0-9]{0,18})$/.test(offset)
  );
}

export function isReplaySpeed(value: unknown): value is ReplaySpeed {
  return typeof value === 'number' && (REPLAY_SPEEDS as readonly number[]).includes(value);
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const TIMELINE_MODES: readonly unknown[] = ['live', 'replay', 'paused'] satisfies TimelineMode[];

export function parseServerMessage(text: string): GatewayServerMessage {
  const message = parseJsonObject(text);
  if (!message) throw new FrameFormatError('CC_FRAME_BAD_HEADER', NOT_AN_OBJECT);
  if (
    message.type === 'timeline' &&
    isTime(message.start) &&
    isTime(message.end) &&
    isTime(message.position) &&
    TIMELINE_MODES.includes(message.mode) &&
    isReplaySpeed(message.speed)
  ) {
    const { start, end, position, speed, at } = message;
    const timeline: GatewayTimeline = { type: 'timeline', start, end, position, mode: message.mode as TimelineMode, speed };
    return isTopicPosition(at) ? { ...timeline, at: { partition: at.partition, offset: at.offset } } : timeline;
  }
  if (message.type === 'status' && isViewerStatus(message.status)) {
    return typeof message.detail === 'string' ? { type: 'status', status: message.status, detail: message.detail } : { type: 'status', status: message.status };
  }
  if (message.type === 'skipped' && typeof message.total === 'number' && typeof message.reason === 'string') {
    const skipped = { type: 'skipped' as const, total: message.total, reason: message.reason };
    return typeof message.code === 'string' ? { ...skipped, code: message.code } : skipped;
  }
  if (message.type === 'announcement' && typeof message.text === 'string' && isTime(message.time)) {
    const checked = checkAnnouncementText(message.text);
    if ('text' in checked) return { type: 'announcement', text: checked.text, time: message.time };
  }
  if (message.type === 'eyes-on-me' && isTime(message.time)) {
    if (message.text === undefined) return { type: 'eyes-on-me', time: message.time };
    const checked = typeof message.text === 'string' ? checkAnnouncementText(message.text) : undefined;
    if (checked && 'text' in checked) return { type: 'eyes-on-me', time: message.time, text: checked.text };
  }
  if (
    message.type === 'picture-limit' &&
    Number.isSafeInteger(message.maxPixels) &&
    (message.maxPixels as number) >= 1 &&
    (message.maxPixels as number) <= MAX_DIMENSION * MAX_DIMENSION &&
    typeof message.description === 'string'
  ) {
    return { type: 'picture-limit', maxPixels: message.maxPixels as number, description: escapeControlCharacters(message.description.slice(0, 200)) };
  }
  if (message.type === 'board' || message.type === 'annotation') {
    const board = parseBoardMessage(message);
    if (board) return board;
  }
  if (message.type === 'error' && typeof message.code === 'string' && typeof message.message === 'string') {
    const error: GatewayError = { type: 'error', code: message.code, message: message.message };
    return message.fatal === false ? { ...error, fatal: false } : error;
  }
  throw new FrameFormatError('CC_FRAME_BAD_HEADER', `unknown gateway message ${text.slice(0, 80)}`);
}

/** A board or an annotation message, each mark checked as the topic's (checkAnnotation); undefined when anything is wrong. */
function parseBoardMessage(message: Record<string, unknown>): GatewayBoard | GatewayMark | undefined {
  const { stream } = message;
  if (typeof stream !== 'string' || !STREAM_ID_PATTERN.test(stream)) return undefined;
  if (message.type === 'annotation') {
    const checked = checkMark(message.annotation);
    return 'annotation' in checked ? { type: 'annotation', stream, annotation: checked.annotation } : undefined;
  }
  const { strokes, pointer } = message;
  if (!Array.isArray(strokes) || strokes.length > MAX_BOARD_STROKES) return undefined;
  const checkedStrokes: StrokeAnnotation[] = [];
  for (const stroke of strokes) {
    const checked = checkMark(stroke);
    if (!('annotation' in checked) || checked.annotation.type !== 'stroke') return undefined;
    checkedStrokes.push(checked.annotation);
  }
  if (pointer === null) return { type: 'board', stream, strokes: checkedStrokes, pointer: null };
  const checkedPointer = checkAnnotation({ v: ANNOTATION_VERSION, type: 'pointer', ...(typeof pointer === 'object' ? pointer : {}) });
  if (
    !('annotation' in checkedPointer) ||
    checkedPointer.annotation.type !== 'pointer' ||
    checkedPointer.annotation.x === null ||
    checkedPointer.annotation.y === null
  )
    return undefined;
  return { type: 'board', stream, strokes: checkedStrokes, pointer: { x: checkedPointer.annotation.x, y: checkedPointer.annotation.y } };
}

/** A mark inside a gateway message: the topic's rules, version 1 (the gateway message carries no "v"). */
function checkMark(value: unknown) {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? checkAnnotation({ ...value, v: ANNOTATION_VERSION }) : checkAnnotation(value);
}

const NOT_AN_OBJECT = 'message is not a JSON object';

function parseRequestObject(text: string): Record<string, unknown> {
  const message = parseJsonObject(text);
  if (!message) throw new GatewayRequestError(NOT_AN_OBJECT);
  return message;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // not JSON: the caller says whose message it was
  }
  return undefined;
}
