/**
 * The desktop student's "Share my screen": one share per window, run by @classcast/stream's
 * shareScreen with the student's own connection (their login, as for the join), and its states
 * passed on as ShareScreenUpdates for the page. A new offer from the same window ends the one
 * before; stop() withdraws a waiting offer or ends the sharing. Tested in Node against a real broker.
 */
import { connectionWithLogin, type DesktopLogin } from '@classcast/desktop';
import type { KafkaConnection } from '@classcast/kafka';
import { ClasscastError } from '@classcast/protocol';
import { shareScreen } from '@classcast/stream/teacher';
import type { ShareScreenUpdate } from '@classcast/ui';
import type { JoinRequest } from '../shared/ipc-channels.js';

export interface DesktopScreenSharesOptions {
  appConnection(): KafkaConnection;
  login: DesktopLogin;
  /** What is shared: capture's source spec ('desktop' in the app, 'test' in tests). */
  source: string;
  fps?: number;
  quality?: number;
}

export interface DesktopScreenShares {
  /** Starts a share for `windowId`; resolves once it runs (its updates, a failure included, go to `onUpdate`). */
  start(windowId: number, request: JoinRequest, onUpdate: (update: ShareScreenUpdate) => void): Promise<void>;
  /** Withdraws or ends the window's share; resolves once it let go of Kafka and the capture. */
  stop(windowId: number): Promise<void>;
  /** Ends every share (the app is quitting). */
  stopAll(): Promise<void>;
}

export function createDesktopScreenShares(options: DesktopScreenSharesOptions): DesktopScreenShares {
  const running = new Map<number, { abort: AbortController; done: Promise<void> }>();

  async function stop(windowId: number): Promise<void> {
    const share = running.get(windowId);
    if (!share) return;
    share.abort.abort();
    await share.done;
  }

  return {
    async start(windowId, { classId, student, password }, onUpdate) {
      await stop(windowId);
      const credentials = password === undefined ? undefined : { kind: 'password' as const, username: student, password };
      const connection = connectionWithLogin(options.appConnection(), options.login, credentials);
      const abort = new AbortController();
      const done = shareScreen({
        connection,
        classId,
        student,
        source: options.source,
        fps: options.fps ?? 5,
        quality: options.quality ?? 70,
        signal: abort.signal,
        onState: ({ state }) => onUpdate({ state }),
      }).then(
        () => undefined,
        (error: unknown) => onUpdate({ state: 'failed', message: error instanceof ClasscastError ? error.message : String(error) }),
      );
      const share = { abort, done };
      running.set(windowId, share);
      void done.finally(() => running.get(windowId) === share && running.delete(windowId));
    },
    stop,
    async stopAll() {
      await Promise.all([...running.keys()].map(stop));
    },
  };
}
