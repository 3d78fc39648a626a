/**
 * The viewer: the teacher's screen on a <canvas> (fit to the window or at its actual size, full
 * screen on request) with the teacher's pen and pointer drawn over it (annotation-layer.tsx), with the stream status in words, and under "Details" the figures a teacher
 * or a helpdesk asks about: fps, delay, skipped and dropped frames.
 */
import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { GatewayControl, TimelineMode, ViewerStatus } from '@classcast/protocol';
import { AnnotationLayer, useBoard } from './annotation-layer.js';
import { AnnouncementList, useAnnouncements } from './announcements.js';
import { EyesOnMePrompt, useEyesOnMe } from './eyes-on-me.js';
import { ScreenOwnerBadge, useScreenOwner } from './screen-owner.js';
import type { FrameFeed } from './frame-feed.js';
import { StatusBadge } from './status-badge.js';
import { Timeline, useTimeline } from './timeline.js';
import { useFullscreen } from './use-fullscreen.js';
import { useViewerFeed } from './use-viewer-feed.js';
import type { ViewerFigures } from './viewer-figures.js';
import { ViewerStyleSheet } from './viewer-style-sheet.js';

export interface ViewerProps {
  feed: FrameFeed;
  /** Shown at the left of the toolbar, e.g. "physics-7b · ada". */
  title?: string;
  /** Shows a Leave button. */
  onLeave?(): void;
  /** The app puts its window in full screen itself on "eyes on me" (the desktop student): no prompt for it. */
  appFullScreen?: boolean;
  /** More controls in the toolbar, before Leave (the desktop student's "Share my screen"). */
  toolbarExtra?: ReactNode;
}

export type FitMode = 'fit' | 'actual';

/** The one line for frames a newer classcast wrote: the keyframes this viewer can read still show. */
export const NEWER_FORMAT_TEXT = 'This lesson uses a newer picture format than this viewer: reload the page or update classcast.';

export function Viewer({ feed, title, onLeave, appFullScreen = false, toolbarExtra }: ViewerProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [fit, setFit] = useState<FitMode>('fit');
  const fullscreen = useFullscreen(rootRef);
  const figures = useViewerFeed(feed, canvasRef);
  const timeline = useTimeline(feed);
  const [announcements, dismissAnnouncement] = useAnnouncements(feed);
  const board = useBoard(feed);
  const [eyesOnMe, dismissEyesOnMe] = useEyesOnMe(feed);
  const screenOwner = useScreenOwner(feed);
  const control = useCallback((message: GatewayControl) => feed.control?.(message), [feed]);

  return (
    <div className="cc-viewer" ref={rootRef}>
      <ViewerStyleSheet />
      <div className="cc-toolbar">
        {title && <span className="cc-title">{title}</span>}
        <StatusBadge status={figures.status} detail={figures.detail} mode={timeline?.mode} />
        <ScreenOwnerBadge student={screenOwner} />
        <span className="cc-spacer" />
        <button type="button" aria-pressed={fit === 'actual'} onClick={() => setFit(fit === 'fit' ? 'actual' : 'fit')}>
          {fit === 'fit' ? 'Actual size' : 'Fit to window'}
        </button>
        <button type="button" onClick={fullscreen.toggle}>
          {fullscreen.active ? 'Leave full screen' : 'Full screen'}
        </button>
        {toolbarExtra}
        {onLeave && (
          <button type="button" onClick={onLeave}>
            Leave
          </button>
        )}
        <StreamDetails figures={figures} mode={timeline?.mode ?? 'live'} />
      </div>
      {figures.error && (
        <div className="cc-banner" role="alert">
          {figures.error.message}
        </div>
      )}
      {figures.newerFormat && (
        <div className="cc-banner cc-newer-format" role="status">
          {NEWER_FORMAT_TEXT}
        </div>
      )}
      <div className="cc-stage" data-fit={fit}>
        {/* Always mounted, so frames can be drawn before the first one is shown. */}
        <canvas
          ref={canvasRef}
          className="cc-screen"
          aria-label={screenOwner === undefined ? "the teacher's screen" : `${screenOwner}'s screen`}
          hidden={!figures.size}
        />
        {!figures.size && <p className="cc-empty">{emptyText(figures)}</p>}
        {/* The teacher's marks, as vectors over the picture at its displayed size. */}
        {figures.size && <AnnotationLayer board={board} canvasRef={canvasRef} layoutKey={`${fit}:${figures.size.width}x${figures.size.height}`} />}
        {/* Over the picture, never over the toolbar. */}
        <AnnouncementList announcements={announcements} onDismiss={dismissAnnouncement} />
        {eyesOnMe && (
          <EyesOnMePrompt request={eyesOnMe} {...(appFullScreen || fullscreen.active ? {} : { onFullScreen: fullscreen.enter })} onDismiss={dismissEyesOnMe} />
        )}
      </div>
      {timeline && feed.control && <Timeline timeline={timeline} control={control} pictureTime={figures.pictureTime} />}
    </div>
  );
}

/** The figures a teacher or a helpdesk asks about, folded away: students read the badge and the timeline's words. */
function StreamDetails({ figures, mode }: { figures: ViewerFigures; mode: TimelineMode }) {
  return (
    <details className="cc-details">
      <summary>Details</summary>
      <span className="cc-figures">{describeFigures(figures, mode)}</span>
    </details>
  );
}

/** What the stage says before the first picture; an unknown class is named as the gateway named it. */
function emptyText({ status, detail }: ViewerFigures): string {
  return status === 'unknown-class' && detail ? detail : EMPTY_TEXT[status];
}

const EMPTY_TEXT: Record<ViewerStatus, string> = {
  connecting: 'Connecting to the class…',
  waiting: 'The teacher has not started broadcasting yet.',
  'unknown-class': 'No class by this name on this server: check the link or the class name with your teacher.',
  live: 'Receiving the first picture…',
  behind: 'Receiving the first picture…',
  reconnecting: 'Connection lost, reconnecting…',
  ended: 'The lesson has ended.',
};

/**
 * "12.0 fps · 85 ms delay · 0 skipped · 0 dropped". The delay (capture to paint) is a live
 * figure: a replayed picture is as old as the replay is far back, which the timeline says.
 */
export function describeFigures({ fps, latencyMs, skipped, dropped }: ViewerFigures, mode: TimelineMode = 'live'): string {
  return [
    fps === undefined ? '– fps' : `${fps.toFixed(1)} fps`,
    ...(mode === 'live' ? [latencyMs === undefined ? '– ms delay' : `${Math.round(latencyMs)} ms delay`] : []),
    `${skipped} skipped`,
    `${dropped} dropped`,
  ].join(' · ');
}
