/**
 * "Eyes on me" in the viewer: the teacher asked everyone to look. The feed has already taken the
 * student back to live; the viewer shows why (when the student was in a replay or paused) and a
 * one-click "Go full screen" button, since a page cannot enter full screen by itself. An app that
 * puts its window in full screen on its own (the desktop student) shows the reason only.
 */
import { useEffect, useState } from 'react';
import type { GatewayEyesOnMe } from '@classcast/protocol';
import type { FrameFeed } from './frame-feed.js';

/** The latest "eyes on me" until the student answers it (full screen, or dismiss). */
export function useEyesOnMe(feed: FrameFeed): [GatewayEyesOnMe | undefined, () => void] {
  const [request, setRequest] = useState<GatewayEyesOnMe | undefined>();
  useEffect(
    () =>
      feed.subscribe((event) => {
        if (event.type === 'eyes-on-me') setRequest(event);
      }),
    [feed],
  );
  return [request, () => setRequest(undefined)];
}

export interface EyesOnMePromptProps {
  request: GatewayEyesOnMe;
  /** Absent when the app itself goes full screen: the prompt then only says why. */
  onFullScreen?(): void;
  onDismiss(): void;
}

export function EyesOnMePrompt({ request, onFullScreen, onDismiss }: EyesOnMePromptProps) {
  if (!request.text && !onFullScreen) return null;
  return (
    <div className="cc-eyes-on-me" role="alert">
      {request.text && <span className="cc-eyes-on-me-text">{request.text}</span>}
      {onFullScreen && (
        <button
          type="button"
          className="cc-eyes-on-me-fullscreen"
          onClick={() => {
            onFullScreen();
            onDismiss();
          }}
        >
          Go full screen
        </button>
      )}
      <button type="button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
