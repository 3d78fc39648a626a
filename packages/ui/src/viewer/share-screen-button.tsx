/**
 * "Share my screen" in the viewer's toolbar: offers the joined student's screen to the class
 * through the host's ShareScreenApi, shows where the offer stands ("waiting for the teacher", "your
 * screen is on the class", "the teacher declined your screen", "taken back"), and a Stop button
 * while it waits or shares. The host runs the share; the broker decides whether it may.
 */
import { useEffect, useState } from 'react';
import type { JoinRequest } from './join-request.js';
import { shareScreenLine, shareScreenRunning, type ShareScreenApi, type ShareScreenUpdate } from './share-screen-model.js';

export interface ShareScreenButtonProps {
  api: ShareScreenApi;
  /** The join this page made: the share offers as this student, with the same login. */
  request: JoinRequest;
}

export function ShareScreenButton({ api, request }: ShareScreenButtonProps) {
  const [update, setUpdate] = useState<ShareScreenUpdate>({ state: 'idle' });
  useEffect(() => api.onUpdate(setUpdate), [api]);
  const running = shareScreenRunning(update.state);
  const line = shareScreenLine(update);

  function offer(): void {
    setUpdate({ state: 'starting' });
    api.start(request).catch((error: unknown) => setUpdate({ state: 'failed', message: error instanceof Error ? error.message : String(error) }));
  }

  return (
    <span className="cc-share-screen" data-state={update.state}>
      {running ? (
        <button type="button" name="share-stop" onClick={() => void api.stop()}>
          Stop sharing
        </button>
      ) : (
        <button type="button" name="share-screen" onClick={offer}>
          Share my screen
        </button>
      )}
      {line !== undefined && (
        <span className="cc-share-screen-line" role={update.state === 'failed' ? 'alert' : 'status'}>
          {line}
        </span>
      )}
    </span>
  );
}
