/**
 * What the student page and the web gateway say over one WebSocket, on /share/ws, when a browser
 * student shares its screen with the class: the page captures (getDisplayMedia) and uploads; the
 * gateway runs the share flow (@classcast/stream's shareScreen: offer, wait for the teacher's
 * accept, broadcast on the shared-screens topic) with the student's own login, as the desktop
 * student app's main process does.
 *
 * Page → gateway, text (JSON):
 *   {"type":"share","classId":"physics-7b","student":"ada"}   offers the student's screen; on a
 *       gateway with logins with "password" (or a sign-in "token"), as the join carries them
 *   {"type":"stop"}                                            withdraws the offer or ends the sharing
 * Page → gateway, binary: one captured picture as a frame upload (frame-upload.ts), only while
 *   "sharing"; at most one on its way: the page sends the next after the gateway's "taken".
 * Gateway → page, text (JSON):
 *   {"type":"share-state","state":"offered"|"sharing"|"declined"|"withdrawn"|"taken-back"|"stopped"}
 *   {"type":"share-state","state":"failed","message":"…"}      the share ended on a failure
 *   {"type":"taken","ok":true|false}                           the upload reached the share (false: not sharing)
 *   {"type":"error","code":…,"message":…}                      a refused message; the socket stays open
 */
import { GatewayRequestError } from './errors.js';
import { parseClientMessage, type GatewayJoin } from './gateway-messages.js';

export const SHARE_SOCKET_PATH = '/share/ws';

export type ShareSocketState = 'offered' | 'sharing' | 'declined' | 'withdrawn' | 'taken-back' | 'stopped' | 'failed';

export type ShareSocketCommand = ({ type: 'share' } & Pick<GatewayJoin, 'classId' | 'student' | 'password' | 'token'>) | { type: 'stop' };

export type ShareSocketReply =
  { type: 'share-state'; state: ShareSocketState; message?: string } | { type: 'taken'; ok: boolean } | { type: 'error'; code: string; message: string };

/** Reads one text message of the page; throws GatewayRequestError (or InvalidNameError) naming what is wrong. */
export function parseShareSocketCommand(text: string): ShareSocketCommand {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GatewayRequestError('a share message must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new GatewayRequestError('a share message must be a JSON object');
  const fields = value as Record<string, unknown>;
  if (fields.type === 'stop') return { type: 'stop' };
  if (fields.type !== 'share') throw new GatewayRequestError(`unknown share message type ${JSON.stringify(fields.type)?.slice(0, 40) ?? 'undefined'}`);
  if (typeof fields.classId !== 'string' || typeof fields.student !== 'string')
    throw new GatewayRequestError('expected {"type":"share","classId":…,"student":…}');
  // The class, the name and the login are checked by the very rules of a join.
  const { classId, student, password, token } = parseClientMessage(
    JSON.stringify({ type: 'join', classId: fields.classId, student: fields.student, password: fields.password, token: fields.token }),
  ) as GatewayJoin;
  return { type: 'share', classId, student, ...(password === undefined ? {} : { password }), ...(token === undefined ? {} : { token }) };
}
