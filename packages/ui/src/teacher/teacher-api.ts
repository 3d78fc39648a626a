/**
 * What the teacher's page needs from whatever runs the broadcast: the Electron teacher app's main
 * process (window.classcast, over IPC) or the web gateway (the teacher console's WebSocket,
 * websocket-teacher-api.ts). The page owns capture and the panel; the other side owns Kafka.
 */
import type { Annotation, Credentials, ErrorCode, LoginMethod, ShareDecisionType, TeacherStatus } from '@classcast/protocol';
import type { AnnounceResult } from './announcement-form.js';
import type { CaptureChoice } from './source-picker.js';
import type { ShareState } from './students-screens-model.js';

export type ShareStateResult = ({ ok: true } & ShareState) | { ok: false; message: string };

export interface BroadcastRequest {
  classId: string;
  fps: number;
  quality: number;
  /** The teacher's own login, on a setup with logins: the broker's ACLs decide which class it may broadcast to. */
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

export type BroadcastSettings = Partial<Pick<BroadcastRequest, 'fps' | 'quality'>>;

export interface TeacherApi {
  /** How this setup's teachers log in. */
  loginMethod(): Promise<LoginMethod>;
  /**
   * The screens and windows the app can offer in its own picker (Electron's desktopCapturer).
   * Absent in a browser, where getDisplayMedia shows the browser's own picker at Start.
   */
  listSources?(): Promise<CaptureChoice[]>;
  /** Which of those the next getDisplayMedia() captures. */
  chooseSource?(sourceId: string): Promise<void>;
  start(request: BroadcastRequest): Promise<StartResult>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  update(settings: BroadcastSettings): Promise<void>;
  /** Resolves once the other side holds the frame (false: no broadcast runs, the frame is dropped). */
  sendFrame(frame: CapturedFrame): Promise<boolean>;
  /** Writes a notice to the class's announcement topic; it shows on every student's screen. */
  announce(classId: string, text: string, credentials?: Credentials): Promise<AnnounceResult>;
  /** "Eyes on me": every student of the class back to live, and asked to go full screen. */
  eyesOnMe(classId: string, credentials?: Credentials): Promise<AnnounceResult>;
  /**
   * Writes one pen mark to the class's annotation topic; every viewer draws it over the picture.
   * Absent where the other side cannot take marks yet: the page then shows no pen.
   */
  annotate?(classId: string, annotation: Annotation, credentials?: Credentials): Promise<AnnounceResult>;
  /**
   * The students who offer their screen to the class and who holds it now, read with the
   * teacher's login. Absent where the other side cannot read them: the page then shows no
   * "Students' screens" section.
   */
  shareState?(classId: string, credentials?: Credentials): Promise<ShareStateResult>;
  /** Accepts, declines or takes back a student's screen (the share agent turns it into the broker's grant). */
  decideShare?(classId: string, student: string, decision: ShareDecisionType, credentials?: Credentials): Promise<AnnounceResult>;
  /** Calls `listener` with each status reported; returns the function that stops it. */
  onStatus(listener: (status: TeacherStatus) => void): () => void;
}
