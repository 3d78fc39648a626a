/**
 * IPC glue for "Share my screen": parses the request (the join's own: class, student, password),
 * runs the window's share (desktop-screen-share.ts) and sends its updates to that window. Closing
 * or reloading the window ends its share.
 */
import { optionalPassword, stringField, type TrustedIpc } from '@classcast/desktop';
import { IPC, type InvokeContract, type JoinRequest } from '../shared/ipc-channels.js';
import type { DesktopScreenShares } from './desktop-screen-share.js';

export function setupShareHandlers(ipc: TrustedIpc<InvokeContract>, shares: DesktopScreenShares): void {
  const watched = new Set<number>();
  ipc.handle(IPC.shareStart, parseShareRequest, async (request, { sender }) => {
    const windowId = sender.id;
    if (!watched.has(windowId)) {
      watched.add(windowId);
      sender.once('destroyed', () => void shares.stop(windowId));
      // A reloaded page knows nothing of the share and could not stop it: the share ends with the page.
      sender.on('did-navigate', () => void shares.stop(windowId));
    }
    await shares.start(windowId, request, (update) => {
      if (!sender.isDestroyed()) sender.send(IPC.shareUpdate, update);
    });
  });
  ipc.handle(
    IPC.shareStop,
    () => undefined,
    (_request, { sender }) => shares.stop(sender.id),
  );
}

function parseShareRequest(payload: unknown): JoinRequest {
  const request: JoinRequest = { classId: stringField(payload, 'classId', IPC.shareStart), student: stringField(payload, 'student', IPC.shareStart) };
  const password = optionalPassword(payload, 'password', IPC.shareStart);
  return password === undefined ? request : { ...request, password };
}
