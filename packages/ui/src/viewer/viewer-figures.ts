/**
 * What the viewer shows around the picture, as a pure state machine fed by feed events and
 * paints: the status badge (the feed's status, turned into "behind" when frames arrive late),
 * frames per second, latency, skipped and dropped counts.
 *
 * "Behind" compares each painted frame's latency with the smallest latency seen since the
 * stream went live, not with zero: the teacher's and the students' clocks rarely agree to the
 * second, and a constant offset is not lateness. The first frame after going live is the
 * picture found on joining, old by nature, so it does not count either.
 */
import { BEHIND_AFTER_MS, type ViewerStatus } from '@classcast/protocol';

export interface ViewerFigures {
  status: ViewerStatus;
  /** Why, when the feed said (e.g. the broker's error while reconnecting). */
  detail: string | undefined;
  /** Pictures painted per second, over the last few seconds; undefined before two paints. */
  fps: number | undefined;
  /** Capture to paint of the newest picture on screen, ms (not for the picture found on joining). */
  latencyMs: number | undefined;
  /** Messages that were not frames, and frames that could not be decoded. */
  skipped: number;
  /** Frames never painted, to keep up with the stream. */
  dropped: number;
  /** Capture time of the picture on screen, once there is one: where the timeline says the student is. */
  pictureTime: number | undefined;
  /** The picture's size, once there is one. */
  size: { width: number; height: number } | undefined;
  /**
   * A frame was refused as written by a newer classcast (CC_FRAME_UNSUPPORTED_VERSION): said once,
   * in one line, for the rest of the session; the pictures this viewer can read still paint.
   */
  newerFormat: boolean;
  /** The join failed for good; or, with fatal false, one request was refused (shown a few seconds of stream, then cleared). */
  error: { code: string; message: string; fatal?: false } | undefined;
}

export interface ViewerState {
  figures: ViewerFigures;
  feedStatus: ViewerStatus;
  feedSkipped: number;
  localSkipped: number;
  /** Paint times (ms) within FPS_WINDOW_MS. */
  paints: number[];
  /** Smallest latency of the live frames since the stream went live; undefined = next frame is the first. */
  baselineLatencyMs: number | undefined;
  late: boolean;
  firstSinceLive: boolean;
  /** The first paint after a non-fatal error: it is cleared NOTICE_MS of paints later. */
  noticePaintedAt: number | undefined;
}

export type ViewerEvent =
  | { type: 'status'; status: ViewerStatus; detail?: string }
  | { type: 'skipped'; total: number; code?: string }
  | { type: 'error'; code: string; message: string; fatal?: false }
  | { type: 'painted'; at: number; captureTime: number; width: number; height: number }
  | { type: 'decode-failed'; code?: string }
  | { type: 'dropped'; total: number };

const FPS_WINDOW_MS = 5000;
/** How long a non-fatal error (one refused request) stays up while the stream paints. */
export const NOTICE_MS = 5000;

export const INITIAL_VIEWER_STATE: ViewerState = {
  figures: {
    status: 'connecting',
    detail: undefined,
    fps: undefined,
    latencyMs: undefined,
    skipped: 0,
    dropped: 0,
    pictureTime: undefined,
    size: undefined,
    newerFormat: false,
    error: undefined,
  },
  feedStatus: 'connecting',
  feedSkipped: 0,
  localSkipped: 0,
  paints: [],
  baselineLatencyMs: undefined,
  late: false,
  firstSinceLive: true,
  noticePaintedAt: undefined,
};

export function viewerReducer(state: ViewerState, event: ViewerEvent): ViewerState {
  switch (event.type) {
    case 'status': {
      // A classroom shuts down after its lesson ends: losing it then is no news to the student,
      // who keeps "The lesson has ended" (the feed quietly tries again for a next lesson).
      if (state.feedStatus === 'ended' && event.status === 'reconnecting') return state;
      const wentLive = event.status === 'live' && state.feedStatus !== 'live';
      const flowing = event.status === 'live' || event.status === 'behind';
      // fps describes a flowing stream; a paused, ended or lost one has none.
      const next = { ...state, feedStatus: event.status, late: wentLive ? false : state.late, paints: flowing ? state.paints : [] };
      if (wentLive) Object.assign(next, { baselineLatencyMs: undefined, firstSinceLive: true });
      return withFigures(next, { detail: event.detail });
    }
    case 'skipped':
      return withFigures({ ...state, feedSkipped: event.total }, newerFormat(state, event.code));
    case 'decode-failed':
      return withFigures({ ...state, localSkipped: state.localSkipped + 1 }, newerFormat(state, event.code));
    case 'dropped':
      return withFigures(state, { dropped: event.total });
    case 'error': {
      // A refused request never hides why the session ended.
      if (event.fatal === false && state.figures.error && state.figures.error.fatal !== false) return state;
      const error = event.fatal === false ? { code: event.code, message: event.message, fatal: false as const } : { code: event.code, message: event.message };
      return withFigures({ ...state, noticePaintedAt: undefined }, { error });
    }
    case 'painted': {
      const shown = { size: { width: event.width, height: event.height }, pictureTime: event.captureTime };
      const next = painted(state, event);
      if (state.figures.error?.fatal !== false) return withFigures(next, shown);
      const since = state.noticePaintedAt ?? event.at;
      if (event.at - since >= NOTICE_MS) return withFigures({ ...next, noticePaintedAt: undefined }, { ...shown, error: undefined });
      return withFigures({ ...next, noticePaintedAt: since }, shown);
    }
  }
}

/** Once a newer classcast's frame is seen, the viewer says so (and keeps saying it, not once a frame). */
function newerFormat(state: ViewerState, code: string | undefined): Partial<ViewerFigures> {
  return { newerFormat: state.figures.newerFormat || code === 'CC_FRAME_UNSUPPORTED_VERSION' };
}

function painted(state: ViewerState, event: ViewerEvent & { type: 'painted' }): ViewerState {
  const latencyMs = Math.max(0, event.at - event.captureTime);
  const paints = [...state.paints.filter((at) => event.at - at < FPS_WINDOW_MS), event.at];
  const next: ViewerState = { ...state, paints, firstSinceLive: false };
  // The picture found on joining is as old as the screen has been still: not a latency.
  const joinPicture = state.feedStatus === 'live' && state.firstSinceLive;
  if (!joinPicture) next.figures = { ...state.figures, latencyMs };
  // Judge lateness only while live, and never on the picture found on joining.
  if (state.feedStatus === 'live' && !state.firstSinceLive) {
    const baseline = Math.min(state.baselineLatencyMs ?? latencyMs, latencyMs);
    next.baselineLatencyMs = baseline;
    next.late = latencyMs - baseline > BEHIND_AFTER_MS;
  }
  return next;
}

function withFigures(state: ViewerState, changes: Partial<ViewerFigures>): ViewerState {
  const { paints } = state;
  const first = paints[0];
  const last = paints[paints.length - 1];
  const fps = paints.length >= 2 && first !== undefined && last !== undefined && last > first ? ((paints.length - 1) * 1000) / (last - first) : undefined;
  const status: ViewerStatus = state.feedStatus === 'live' && state.late ? 'behind' : state.feedStatus;
  const detail = 'detail' in changes ? changes.detail : state.figures.detail;
  return {
    ...state,
    figures: { ...state.figures, ...changes, detail, status, fps, skipped: state.feedSkipped + state.localSkipped },
  };
}

/** The words on the status badge. */
export const STATUS_LABEL: Record<ViewerStatus, string> = {
  connecting: 'connecting…',
  waiting: 'waiting for the teacher',
  'unknown-class': 'no such class',
  live: 'live',
  behind: 'behind',
  reconnecting: 'reconnecting…',
  ended: 'the lesson has ended',
};
