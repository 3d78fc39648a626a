/**
 * The teacher app's main process: one setup per feature. The broadcast itself lives in
 * teacher-broadcast.ts (tested in Node against Kafka) and the @classcast packages.
 */
import { app, ipcMain } from 'electron';
import { createTrustedIpc } from '@classcast/desktop';
import { connectionFromEnv } from '@classcast/kafka';
import type { InvokeContract } from '../shared/ipc-channels.js';
import { setupAnnounceHandlers } from './announce-handlers.js';
import { setupBroadcastHandlers } from './broadcast-handlers.js';
import { setupCaptureSources } from './capture-sources.js';
import { setupTeacherWindow } from './teacher-window.js';

app.enableSandbox();
const ipc = createTrustedIpc<InvokeContract>(ipcMain);

void app.whenReady().then(() => {
  const window = setupTeacherWindow(ipc);
  const sources = setupCaptureSources(ipc, window);
  setupBroadcastHandlers(ipc, window, { connection: () => connectionFromEnv(), sourceName: sources.chosenName });
  setupAnnounceHandlers(ipc, { connection: () => connectionFromEnv() });
});
app.on('window-all-closed', () => app.quit());
