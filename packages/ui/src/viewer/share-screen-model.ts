/**
 * A student's screen to the class, as the student's page sees it: the states the host's share
 * reports (the desktop app's main process runs @classcast/stream's shareScreen), the one line
 * each shows, and which button fits. Plain functions, tested without a DOM.
 */
import type { JoinRequest } from './join-request.js';

export type ShareScreenState = 'idle' | 'starting' | 'offered' | 'sharing' | 'declined' | 'withdrawn' | 'taken-back' | 'stopped' | 'failed';

export interface ShareScreenUpdate {
  state: ShareScreenState;
  /** Why it failed ('failed' only). */
  message?: string;
}

/** What the host that can share this student's screen offers the page (absent: no button). */
export interface ShareScreenApi {
  /** Offers the screen to the class joined, as the joined student (with the join's login, if any); updates follow. */
  start(request: JoinRequest): Promise<void>;
  /** Withdraws a waiting offer or ends the sharing. */
  stop(): Promise<void>;
  /** Calls `listener` with each update; returns the function that stops it. */
  onUpdate(listener: (update: ShareScreenUpdate) => void): () => void;
}

const LINES: Record<Exclude<ShareScreenState, 'idle' | 'failed'>, string> = {
  starting: 'offering your screen…',
  offered: 'waiting for the teacher to accept your screen',
  sharing: 'your screen is on the class',
  declined: 'the teacher declined your screen',
  withdrawn: 'you took your offer back',
  'taken-back': 'the teacher took the screen back',
  stopped: 'you stopped sharing your screen',
};

/** The line beside the button; none when nothing happened yet. */
export function shareScreenLine(update: ShareScreenUpdate): string | undefined {
  if (update.state === 'idle') return undefined;
  if (update.state === 'failed') return `your screen could not be shared: ${update.message ?? 'unknown reason'}`;
  return LINES[update.state];
}

/** While an offer waits or the screen is shared, the button stops it; otherwise it offers. */
export function shareScreenRunning(state: ShareScreenState): boolean {
  return state === 'starting' || state === 'offered' || state === 'sharing';
}
