/**
 * Everything the student app's processes say to each other, in one place: the IPC channels with
 * their payloads, the API the preload exposes as `window.classcast`, and the messages on the
 * frame port. main, preload and renderer import only this file from one another's side.
 *
 * Frames do not travel over IPC at all: on join, main hands the renderer one end of a
 * MessageChannelMain (the "feed port"), and each frame crosses it as an ArrayBuffer in the
 * gateway's binary frame layout (no base64, one structured-clone copy). The renderer answers
 * every frame with `{type: 'ack'}`; main keeps few frames in flight, so a slow renderer makes
 * main skip to the newest keyframe instead of queueing.
 */
import type { ErrorCode, GatewayControl, GatewayServerMessage, LoginMethod } from '@classcast/protocol';
import type { ShareScreenApi, ShareScreenUpdate } from '@classcast/ui';

export type { ShareScreenUpdate };

export const IPC = {
  /** invoke, renderer → main: no payload → LoginMethod (whether the join screen asks for a password). */
  loginMethod: 'classcast:student:login-method',
  /** invoke, renderer → main: JoinRequest → JoinResult. */
  join: 'classcast:student:join',
  /** invoke, renderer → main: no payload → void. */
  leave: 'classcast:student:leave',
  /** invoke, renderer → main: GatewayControl (seek, speed, live) → void. */
  control: 'classcast:student:control',
  /** invoke, renderer → main: JoinRequest (the join's own) → void: offers the student's screen to the class ("Share my screen"). */
  shareStart: 'classcast:student:share-start',
  /** invoke, renderer → main: no payload → void: withdraws the offer or ends the sharing. */
  shareStop: 'classcast:student:share-stop',
  /** main → renderer (webContents.send): ShareScreenUpdate, on every change of the share. */
  shareUpdate: 'classcast:student:share-update',
  /** main → preload: FeedPortNotice, with the feed port in `event.ports[0]`. */
  feedPort: 'classcast:student:feed-port',
} as const;

/**
 * Which join a feed port belongs to: the port and the join's answer travel separately, so a
 * late port of an earlier join must not be taken for the current one.
 */
export interface FeedPortNotice {
  feedId: number;
}

/** The preload hands the port to the page with window.postMessage(FeedPortHandOff, '*', [port]). */
export const FEED_PORT_MESSAGE = 'classcast:feed-port';
export interface FeedPortHandOff extends FeedPortNotice {
  type: typeof FEED_PORT_MESSAGE;
}

export interface JoinRequest {
  classId: string;
  /** Also the student's Kafka user name when the app asks for logins (their group is named after it). */
  student: string;
  /** The student's own Kafka password, when main said `password`; main uses it for this join's connection only. */
  password?: string;
}

export type JoinResult = { ok: true; feedId: number } | { ok: false; code: ErrorCode; message: string };

/** The payload type of each invoke channel, so main's handlers and the preload agree. */
export interface InvokeContract {
  [IPC.loginMethod]: { request: undefined; response: LoginMethod };
  [IPC.join]: { request: JoinRequest; response: JoinResult };
  [IPC.leave]: { request: undefined; response: void };
  [IPC.control]: { request: GatewayControl; response: void };
  [IPC.shareStart]: { request: JoinRequest; response: void };
  [IPC.shareStop]: { request: undefined; response: void };
}

/** `window.classcast` in the student renderer: verbs only, never ipcRenderer. */
export interface StudentApi {
  /** How this app's students log in, as main's settings say (CLASSCAST_LOGIN). */
  loginMethod(): Promise<LoginMethod>;
  /** Joins a class; its feed port arrives as a window message (FeedPortHandOff) with the same feedId. */
  join(request: JoinRequest): Promise<JoinResult>;
  leave(): Promise<void>;
  /** Moves in the lesson of the class joined: seek to a time, speed (0 = pause), back to live. */
  control(message: GatewayControl): Promise<void>;
  /** "Share my screen": main captures this computer's screen and offers it to the class joined. */
  shareScreen?: ShareScreenApi;
}

/** main → renderer on the feed port. */
export type FeedMessage =
  | {
      type: 'frame';
      /** encodeGatewayFrame() bytes (the versioned layout of protocol gateway-frame.ts), an exact-size buffer. */
      bytes: ArrayBuffer;
      /** Replayed on joining to rebuild the current picture: compose, do not paint yet. */
      catchingUp: boolean;
    }
  | GatewayServerMessage;

/** renderer → main on the feed port: one per frame message, once the renderer has taken it. */
export interface FeedReply {
  type: 'ack';
}
