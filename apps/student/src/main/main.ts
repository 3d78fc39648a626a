/**
 * The student app's main process: one setup per feature. Everything with logic in it lives in
 * desktop-student-feed.ts and ack-outbox.ts (tested in Node) or in @classcast packages.
 */
import { app, ipcMain } from 'electron';
import { createTrustedIpc, desktopLoginFromEnv } from '@classcast/desktop';
import { connectionFromEnv } from '@classcast/kafka';
import type { InvokeContract } from '../shared/ipc-channels.js';
import { createDesktopScreenShares } from './desktop-screen-share.js';
import { setupJoinHandlers } from './join-handlers.js';
import { setupShareHandlers } from './share-handlers.js';
import { setupStudentWindow } from './student-window.js';

app.enableSandbox();
const ipc = createTrustedIpc<InvokeContract>(ipcMain);
// Read before the window opens: a setting the app does not know stops it here, with its one line.
const login = desktopLoginFromEnv();

void app.whenReady().then(() => {
  setupJoinHandlers(ipc, { connection: () => connectionFromEnv(), login });
  // The student's whole screen (capture's desktop source), encoded and sent by main as a teacher's is.
  const shares = createDesktopScreenShares({ appConnection: () => connectionFromEnv(), login, source: 'desktop' });
  setupShareHandlers(ipc, shares);
  app.on('before-quit', () => void shares.stopAll());
  setupStudentWindow(ipc);
});
app.on('window-all-closed', () => app.quit());
