/**
 * What the teacher console (the teacher's page in a browser) and the web gateway say over one
 * WebSocket, on /teach/ws. The page captures; the gateway runs the broadcast (the teacher stream,
 * sharp, Kafka) as the Electron teacher app's main process does, so this is that app's IPC
 * contract (apps/teacher/src/shared/ipc-channels.ts) carried over a socket.
 *
 * Page → gateway, text (JSON):
 *   {"type":"start","classId":"physics-7b","fps":10,"quality":75}     starts a broadcast
 *       on a gateway with logins, with "username" and "password": the teacher's own Kafka login,
 *       so the broker's ACLs decide which class this teacher may broadcast to
 *   {"type":"pause"} {"type":"resume"} {"type":"stop"}
 *   {"type":"update","fps"?:n,"quality"?:n}
 *   {"type":"announce","id":n,"classId":"…","text":"…"}   a notice for the class (announcement.ts
 *       rules), before or during a broadcast; with "username" and "password" as for start
 *   {"type":"eyes-on-me","id":n,"classId":"…"}     every student back to live, asked to go full
 *       screen (announceEyesOnMe); login as for start
 *   {"type":"annotate","id":n,"classId":"…","annotation":{…}}   one pen mark over the shared
 *       screen (annotation.ts, without "v"); login as for start
 *   {"type":"share-state","id":n,"classId":"…"}   the students who offer their screen now and who
 *       holds the screen (share.ts); login as for start: the broker decides whether it may read
 *   {"type":"share-decision","id":n,"classId":"…","student":"ada","decision":"accept"|"decline"|"take-back"}
 *       the teacher's decision on a student's screen; login as for start
 * Page → gateway, binary: one captured picture, as a frame upload (frame-upload.ts). At most one
 *   is on its way: the page sends the next after the gateway's "taken".
 * Gateway → page, text (JSON):
 *   {"type":"started"} | {"type":"start-failed","code":…,"message":…}
 *   {"type":"status","state":…,"stats":{…}}   (TeacherStatus) on every change, twice a second live
 *   {"type":"taken","ok":true|false}           the upload reached the broadcast (false: none runs)
 *   {"type":"done","id":n,"ok":true} | {"type":"done","id":n,"ok":false,"message":…}
 *       the answer to an announce, eyes-on-me, annotate or share-decision of that id (and to a
 *       share-state that failed)
 *   {"type":"share-state","id":n,"offers":["ada"],"holder"?:"bob"}   the answer to a share-state
 *   {"type":"error","code":…,"message":…}     a refused message; the console stays connected
 */
import { ANNOTATION_VERSION, checkAnnotation, type Annotation } from './annotation.js';
import { checkAnnouncementText } from './announcement.js';
import type { ErrorCode } from './error-codes.js';
import { SHARE_DECISION_TYPES, type ShareDecisionType } from './share.js';
import { GatewayRequestError } from './errors.js';
import { assertValidName, assertValidUserName } from './names.js';
import type { TeacherStatus } from './teacher-status.js';

/** The teacher console's page on the gateway. */
export const TEACHER_PAGE_PATH = '/teach';
export const TEACHER_SOCKET_PATH = '/teach/ws';
/** Where the console asks how teachers log in: `open`, or `password` (their own Kafka login). */
export const TEACHER_LOGIN_METHOD_PATH = '/teach/login.json';
export const TEACHER_FPS_RANGE = { min: 1, max: 60 } as const;
export const TEACHER_QUALITY_RANGE = { min: 1, max: 100 } as const;
/** Longest password a start may carry (SCRAM's own limit is 256; docs/SECURITY.md). */
const MAX_TEACHER_PASSWORD = 256;
/** Longest ID token a command may carry (a JWT with many claims is a few KB). */
const MAX_TEACHER_TOKEN = 16 * 1024;

export type TeacherCommand =
  | ({ type: 'start'; classId: string; fps: number; quality: number } & TeacherLogin)
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'update'; fps?: number; quality?: number }
  | ({ type: 'announce'; id: number; classId: string; text: string } & TeacherLogin)
  | ({ type: 'eyes-on-me'; id: number; classId: string } & TeacherLogin)
  | ({ type: 'annotate'; id: number; classId: string; annotation: Annotation } & TeacherLogin)
  | ({ type: 'share-state'; id: number; classId: string } & TeacherLogin)
  | ({ type: 'share-decision'; id: number; classId: string; student: string; decision: ShareDecisionType } & TeacherLogin);

/** The teacher's own Kafka login, on a gateway with logins: a user name and password, or a school sign-in's ID token. */
export interface TeacherLogin {
  username?: string;
  password?: string;
  token?: string;
}

export type TeacherReply =
  | { type: 'started' }
  | { type: 'start-failed'; code: ErrorCode; message: string }
  | ({ type: 'status' } & TeacherStatus)
  | { type: 'taken'; ok: boolean }
  | { type: 'done'; id: number; ok: true }
  | { type: 'done'; id: number; ok: false; message: string }
  | { type: 'share-state'; id: number; offers: string[]; holder?: string }
  | { type: 'error'; code: string; message: string };

/** Reads one text message of the page; throws GatewayRequestError naming what is wrong. */
export function parseTeacherCommand(text: string): TeacherCommand {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GatewayRequestError('a teacher console message must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new GatewayRequestError('a teacher console message must be a JSON object');
  const fields = value as Record<string, unknown>;
  switch (fields.type) {
    case 'start': {
      return {
        type: 'start',
        classId: assertValidName('class id', stringOf(fields, 'classId')),
        fps: wholeNumber(fields, 'fps', TEACHER_FPS_RANGE),
        quality: wholeNumber(fields, 'quality', TEACHER_QUALITY_RANGE),
        ...loginOf(fields),
      };
    }
    case 'pause':
    case 'resume':
    case 'stop':
      return { type: fields.type };
    case 'update':
      return {
        type: 'update',
        ...(fields.fps === undefined ? {} : { fps: wholeNumber(fields, 'fps', TEACHER_FPS_RANGE) }),
        ...(fields.quality === undefined ? {} : { quality: wholeNumber(fields, 'quality', TEACHER_QUALITY_RANGE) }),
      };
    case 'announce': {
      const id = wholeNumber(fields, 'id', { min: 0, max: Number.MAX_SAFE_INTEGER });
      const classId = assertValidName('class id', stringOf(fields, 'classId'));
      const checked = checkAnnouncementText(stringOf(fields, 'text'));
      if ('problem' in checked) throw new GatewayRequestError(`announcement: ${checked.problem}`);
      return { type: 'announce', id, classId, text: checked.text, ...loginOf(fields) };
    }
    case 'eyes-on-me':
      return {
        type: 'eyes-on-me',
        id: wholeNumber(fields, 'id', { min: 0, max: Number.MAX_SAFE_INTEGER }),
        classId: assertValidName('class id', stringOf(fields, 'classId')),
        ...loginOf(fields),
      };
    case 'annotate': {
      const checked = checkAnnotation({ ...(typeof fields.annotation === 'object' ? fields.annotation : {}), v: ANNOTATION_VERSION });
      if ('problem' in checked) throw new GatewayRequestError(`annotation: ${checked.problem}`);
      return {
        type: 'annotate',
        id: wholeNumber(fields, 'id', { min: 0, max: Number.MAX_SAFE_INTEGER }),
        classId: assertValidName('class id', stringOf(fields, 'classId')),
        annotation: checked.annotation,
        ...loginOf(fields),
      };
    }
    case 'share-state':
      return {
        type: 'share-state',
        id: wholeNumber(fields, 'id', { min: 0, max: Number.MAX_SAFE_INTEGER }),
        classId: assertValidName('class id', stringOf(fields, 'classId')),
        ...loginOf(fields),
      };
    case 'share-decision': {
      const decision = stringOf(fields, 'decision');
      if (!(SHARE_DECISION_TYPES as readonly string[]).includes(decision))
        throw new GatewayRequestError(`decision must be one of ${SHARE_DECISION_TYPES.join(', ')}`);
      return {
        type: 'share-decision',
        id: wholeNumber(fields, 'id', { min: 0, max: Number.MAX_SAFE_INTEGER }),
        classId: assertValidName('class id', stringOf(fields, 'classId')),
        student: assertValidUserName('student name', stringOf(fields, 'student')),
        decision: decision as ShareDecisionType,
        ...loginOf(fields),
      };
    }
    default:
      throw new GatewayRequestError(`unknown teacher console message type ${JSON.stringify(fields.type)?.slice(0, 40) ?? 'undefined'}`);
  }
}

function loginOf(fields: Record<string, unknown>): TeacherLogin {
  if (fields.token !== undefined) {
    const token = stringOf(fields, 'token');
    if (token.length === 0 || token.length > MAX_TEACHER_TOKEN) throw new GatewayRequestError(`token must be 1 to ${MAX_TEACHER_TOKEN} characters`);
    return { token };
  }
  if (fields.username === undefined && fields.password === undefined) return {};
  const username = assertValidUserName('user name', stringOf(fields, 'username'));
  const password = stringOf(fields, 'password');
  if (password.length === 0 || password.length > MAX_TEACHER_PASSWORD)
    throw new GatewayRequestError(`password must be 1 to ${MAX_TEACHER_PASSWORD} characters`);
  return { username, password };
}

function stringOf(fields: Record<string, unknown>, key: string): string {
  const value = fields[key];
  if (typeof value !== 'string') throw new GatewayRequestError(`${key} must be a string`);
  return value;
}

function wholeNumber(fields: Record<string, unknown>, key: string, range: { min: number; max: number }): number {
  const value = fields[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new GatewayRequestError(`${key} must be a whole number from ${range.min} to ${range.max}`);
  }
  return value;
}
