/**
 * The teacher app's main process: one setup per feature. The broadcast itself lives in
 * startTeacherBroadcast (@classcast/stream/teacher, tested in Node against Kafka) and the @classcast packages.
 */
import { app, ipcMain } from 'electron';
import { connectionWithLogin, createTrustedIpc, desktopLoginFromEnv, loginMethodOf, type Credentials } from '@classcast/desktop';
import { connectionFromEnv } from '@classcast/kafka';
import { IPC, type InvokeContract } from '../shared/ipc-channels.js';
import { setupAnnotateHandlers } from './annotate-handlers.js';
import { setupAnnounceHandlers } from './announce-handlers.js';
import { setupBroadcastHandlers } from './broadcast-handlers.js';
import { setupCaptureSources } from './capture-sources.js';
import { setupShareHandlers } from './share-handlers.js';
import { setupTeacherWindow } from './teacher-window.js';

app.enableSandbox();
const ipc = createTrustedIpc<InvokeContract>(ipcMain);
// Read before the window opens: a setting the app does not know stops it here, with its one line.
const login = desktopLoginFromEnv();
// Each broadcast and announcement connects as the teacher who asked for it (with logins).
const connection = (credentials?: Credentials) => connectionWithLogin(connectionFromEnv(), login, credentials);

void app.whenReady().then(() => {
  ipc.handle(
    IPC.loginMethod,
    () => undefined,
    () => loginMethodOf(login),
  );
  const window = setupTeacherWindow(ipc);
  const sources = setupCaptureSources(ipc, window);
  setupBroadcastHandlers(ipc, window, { connection, sourceName: sources.chosenName });
  setupAnnounceHandlers(ipc, { connection });
  setupShareHandlers(ipc, { connection });
  const pen = setupAnnotateHandlers(ipc, { connection });
  app.on('before-quit', () => void pen.stop());
});
app.on('window-all-closed', () => app.quit());
