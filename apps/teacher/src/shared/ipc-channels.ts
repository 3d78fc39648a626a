/**
 * Everything the teacher app's processes say to each other: the IPC channels with their payloads,
 * and the API the preload exposes as `window.classcast` (@classcast/ui's TeacherApi). main, preload and renderer import only
 * this file from one another's side.
 *
 * Captured frames go renderer → main with `sendFrame`, an invoke: the RGBA pixels cross as an
 * ArrayBuffer (structured clone, no base64), and the promise settles once main has the frame, so
 * the renderer never has more than one frame on its way and skips ticks while main is busy.
 */
import type { Annotation, Credentials, LoginMethod, ShareDecisionType, TeacherStatus } from '@classcast/protocol';
import type {
  AnnounceResult,
  BroadcastRequest,
  BroadcastSettings,
  CaptureChoice,
  CapturedFrame,
  ShareStateResult,
  StartResult,
  TeacherApi,
} from '@classcast/ui';

export type { BroadcastRequest, CapturedFrame, StartResult, TeacherApi, TeacherStatus };

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
  /** invoke, renderer → main: EyesOnMeRequest → AnnounceResult (every student back to live, asked to go full screen). */
  eyesOnMe: 'classcast:teacher:eyes-on-me',
  /** invoke, renderer → main: AnnotationRequest → AnnounceResult (a pen, highlighter or pointer mark over the shared screen). */
  annotate: 'classcast:teacher:annotate',
  /** invoke, renderer → main: ShareStateRequest → ShareStateResult (who offers a screen, who holds the class's screen). */
  shareState: 'classcast:teacher:share-state',
  /** invoke, renderer → main: ShareDecisionRequest → AnnounceResult (accept, decline or take back a student's screen). */
  decideShare: 'classcast:teacher:decide-share',
  /** main → renderer (webContents.send): TeacherStatus, on every change and twice a second while broadcasting. */
  status: 'classcast:teacher:status',
} as const;

export interface AnnouncementRequest {
  classId: string;
  text: string;
  credentials?: Credentials;
}

export interface EyesOnMeRequest {
  classId: string;
  credentials?: Credentials;
}

/** One mark of the pen layer, drawn over the class's screen (stream `screen-0`). */
export interface AnnotationRequest {
  classId: string;
  annotation: Annotation;
  credentials?: Credentials;
}

export interface ShareStateRequest {
  classId: string;
  credentials?: Credentials;
}

export interface ShareDecisionRequest {
  classId: string;
  student: string;
  decision: ShareDecisionType;
  credentials?: Credentials;
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
  [IPC.update]: { request: BroadcastSettings; response: void };
  /** Resolves once main holds the frame; false when no broadcast is running (the frame is dropped). */
  [IPC.frame]: { request: CapturedFrame; response: boolean };
  [IPC.announce]: { request: AnnouncementRequest; response: AnnounceResult };
  [IPC.eyesOnMe]: { request: EyesOnMeRequest; response: AnnounceResult };
  [IPC.annotate]: { request: AnnotationRequest; response: AnnounceResult };
  [IPC.shareState]: { request: ShareStateRequest; response: ShareStateResult };
  [IPC.decideShare]: { request: ShareDecisionRequest; response: AnnounceResult };
}
