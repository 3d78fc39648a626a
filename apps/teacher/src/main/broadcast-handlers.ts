/**
 * IPC glue for the broadcast: start, pause, resume, stop, live fps and quality, and the frames
 * the page captures. Status goes back to the window as it changes. One broadcast at a time;
 * quitting the app first sends the students the end frame.
 */
import { app, type BrowserWindow } from 'electron';
import { ClasscastError } from '@classcast/protocol';
import type { Credentials, TrustedIpc } from '@classcast/desktop';
import type { KafkaConnection } from '@classcast/kafka';
import { IPC, type InvokeContract, type TeacherStatus } from '../shared/ipc-channels.js';
import { parseCapturedFrame } from './captured-frame.js';
import { parseBroadcastRequest, parseSettings } from './broadcast-request.js';
import { startTeacherBroadcast, type TeacherBroadcast } from '@classcast/stream/teacher';

export interface BroadcastDependencies {
  /** The teacher's connection: their own login when the app asks for one (CLASSCAST_LOGIN=password). */
  connection(credentials?: Credentials): KafkaConnection;
  sourceName(): string | undefined;
}

export function setupBroadcastHandlers(ipc: TrustedIpc<InvokeContract>, window: BrowserWindow, deps: BroadcastDependencies): void {
  let broadcast: TeacherBroadcast | undefined;
  const onStatus = (status: TeacherStatus) => {
    if (!window.isDestroyed()) window.webContents.send(IPC.status, status);
  };

  ipc.handle(IPC.start, parseBroadcastRequest, async ({ classId, fps, quality, credentials }) => {
    if (broadcast && broadcast.state !== 'stopped')
      return { ok: false, code: 'CC_ALREADY_BROADCASTING', message: 'a broadcast is already running: stop it first' };
    try {
      const sourceName = deps.sourceName();
      // A wrong password (CC_AUTH_FAILED) or a class this teacher may not broadcast to
      // (CC_NOT_AUTHORIZED) is the broker's answer here, one line in the panel.
      broadcast = await startTeacherBroadcast({
        connection: deps.connection(credentials),
        classId,
        fps,
        quality,
        onStatus,
        ...(sourceName ? { sourceName } : {}),
      });
      return { ok: true };
    } catch (error) {
      if (error instanceof ClasscastError) return { ok: false, code: error.code, message: error.message };
      throw error;
    }
  });
  ipc.handle(
    IPC.pause,
    () => undefined,
    () => broadcast?.pause(),
  );
  ipc.handle(
    IPC.resume,
    () => undefined,
    () => broadcast?.resume(),
  );
  ipc.handle(
    IPC.stop,
    () => undefined,
    async () => broadcast?.stop(),
  );
  ipc.handle(IPC.update, parseSettings, (settings) => broadcast?.update(settings));
  ipc.handle(IPC.frame, parseCapturedFrame, (frame) => broadcast?.push(frame) ?? false);

  // The students should hear "broadcast ended", not see the stream stall: stop before quitting.
  app.on('before-quit', (event) => {
    const running = broadcast;
    if (!running || running.state === 'stopped') return;
    event.preventDefault();
    void running.stop().finally(() => app.quit());
  });
}
