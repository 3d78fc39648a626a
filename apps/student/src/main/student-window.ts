/** The one student window: locked down, trusted for IPC while it shows the app's page. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { allowOnlyPermissions, lockDownContents, secureWebPreferences, type TrustedIpc } from '@classcast/desktop';
import type { InvokeContract } from '../shared/ipc-channels.js';

export function setupStudentWindow(ipc: TrustedIpc<InvokeContract>): BrowserWindow {
  // getAppPath() is the app folder in development and app.asar when packaged; dist/ sits in both.
  const page = join(app.getAppPath(), 'dist/renderer/index.html');
  const pageUrl = pathToFileURL(page).href;
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'classcast',
    backgroundColor: '#111111',
    webPreferences: secureWebPreferences(join(app.getAppPath(), 'dist/preload/preload.cjs')),
  });
  allowOnlyPermissions(window.webContents.session, pageUrl, ['fullscreen']);
  lockDownContents(window.webContents, pageUrl);
  ipc.trust(window.webContents, pageUrl);
  void window.loadURL(pageUrl);
  return window;
}
