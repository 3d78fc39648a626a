/**
 * Everything the teacher app's processes say to each other: the IPC channels with their payloads,
 * and the API the preload exposes as `window.classcast`. main, preload and renderer import only
 * this file from one another's side.
 *
 * Captured frames go renderer → main with `sendFrame`, an invoke: the RGBA pixels cross as an
 * ArrayBuffer (structured clone, no base64), and the promise settles once main has the frame, so
 * the renderer never has more than one frame on its way and skips ticks while main is busy.
 */
import type { Credentials } from '@classcast/desktop';
import type { Annotation, ErrorCode, LoginMethod } from '@classcast/protocol';
import type { AnnounceResult, CaptureChoice, TeacherBroadcastState, TeacherStats } from '@classcast/ui';

export const IPC = {
  /** invoke, renderer → main: no payload → LoginMethod (whether the teacher logs in before broadcasting). */
  loginMethod: 'classcast:teacher:login-method',
  listSources: 'classcast:teacher:list-sources',
  chooseSource: 'classcast:teacher:choose-source',
  start: 'classcast:teacher:start',
  pause: 'classcast:teacher:pause',
  resume: 'classcast:teacher:resume',
  stop: 'classcast:teacher:stop',
  update: 'classcast:teacher:update',
  frame: 'classcast:teacher:frame',
  /** invoke, renderer → main: AnnouncementRequest → AnnounceResult (a notice on the students' screens). */
  announce: 'classcast:teacher:announce',
  /** invoke, renderer → main: AnnotationRequest → AnnounceResult (a pen, highlighter or pointer mark over the shared screen). */
  annotate: 'classcast:teacher:annotate',
  /** main → renderer (webContents.send): TeacherStatus, on every change and twice a second while broadcasting. */
  status: 'classcast:teacher:status',
} as const;

export interface BroadcastRequest {
  classId: string;
  fps: number;
  quality: number;
  /** The teacher's own login, when main said `password`: the broker's ACLs decide which class it may broadcast to. */
  credentials?: Credentials;
}

export type StartResult = { ok: true } | { ok: false; code: ErrorCode; message: string };

/** One captured picture: width * height * 4 bytes of RGBA, rows top to bottom. */
export interface CapturedFrame {
  width: number;
  height: number;
  /** ms since the Unix epoch. */
  capturedAt: number;
  pixels: ArrayBuffer;
}

export interface AnnouncementRequest {
  classId: string;
  text: string;
  credentials?: Credentials;
}

/** One mark of the pen layer, drawn over the class's screen (stream `screen-0`). */
export interface AnnotationRequest {
  classId: string;
  annotation: Annotation;
  credentials?: Credentials;
}

export interface TeacherStatus {
  state: TeacherBroadcastState;
  stats: TeacherStats;
}

export interface InvokeContract {
  [IPC.loginMethod]: { request: undefined; response: LoginMethod };
  [IPC.listSources]: { request: undefined; response: CaptureChoice[] };
  /** Which screen or window the next getDisplayMedia() in this window captures. */
  [IPC.chooseSource]: { request: { sourceId: string }; response: void };
  [IPC.start]: { request: BroadcastRequest; response: StartResult };
  [IPC.pause]: { request: undefined; response: void };
  [IPC.resume]: { request: undefined; response: void };
  [IPC.stop]: { request: undefined; response: void };
  [IPC.update]: { request: Partial<Pick<BroadcastRequest, 'fps' | 'quality'>>; response: void };
  /** Resolves once main holds the frame; false when no broadcast is running (the frame is dropped). */
  [IPC.frame]: { request: CapturedFrame; response: boolean };
  [IPC.announce]: { request: AnnouncementRequest; response: AnnounceResult };
  [IPC.annotate]: { request: AnnotationRequest; response: AnnounceResult };
}

/** `window.classcast` in the teacher renderer: verbs only, never ipcRenderer. */
export interface TeacherApi {
  /** How this app's teachers log in, as main's settings say (CLASSCAST_LOGIN). */
  loginMethod(): Promise<LoginMethod>;
  listSources(): Promise<CaptureChoice[]>;
  chooseSource(sourceId: string): Promise<void>;
  start(request: BroadcastRequest): Promise<StartResult>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  update(settings: Partial<Pick<BroadcastRequest, 'fps' | 'quality'>>): Promise<void>;
  sendFrame(frame: CapturedFrame): Promise<boolean>;
  /** Writes a notice to the class's announcement topic; it shows on every student's screen. */
  announce(classId: string, text: string, credentials?: Credentials): Promise<AnnounceResult>;
  /** Writes one pen mark to the class's annotation topic; every viewer draws it over the picture. */
  annotate(classId: string, annotation: Annotation, credentials?: Credentials): Promise<AnnounceResult>;
  /** Calls `listener` with each status main reports; returns the function that stops it. */
  onStatus(listener: (status: TeacherStatus) => void): () => void;
}
