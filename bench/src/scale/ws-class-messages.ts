/** What the scale bench and its browser-student processes (ws-class-process.ts) say over IPC. */

export interface WsClassConfig {
  url: string;
  classId: string;
  names: string[];
  /** How long to wait for every student to go live before answering "ready" anyway. */
  joinTimeoutMs: number;
}

/** The measured window of capture times, in epoch ms: the pictures captured in it count. */
export type WsClassParentMessage = { type: 'finish'; from: number; to: number };

export interface WsClassReport {
  type: 'report';
  /** Per student, how many of the pictures captured in the window it received (painted: not catching up). */
  framesInWindow: number[];
  /** capture → arrived of each of those frames, every student's pooled. */
  latencyMs: number[];
  /** Frames the page's decoder refused. */
  bad: number;
  errors: string[];
}

export type WsClassChildMessage = { type: 'ready'; live: number } | WsClassReport | { type: 'failed'; message: string };
