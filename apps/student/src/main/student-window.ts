/** The one student window: locked down, trusted for IPC while it shows the app's page. */
import { app, BrowserWindow } from 'electron';
import { appFiles, guardAppWindow, secureWebPreferences, type TrustedIpc } from '@classcast/desktop';
import type { InvokeContract } from '../shared/ipc-channels.js';

export function setupStudentWindow(ipc: TrustedIpc<InvokeContract>): BrowserWindow {
  const { pageUrl, preload } = appFiles(app.getAppPath());
  const window = new BrowserWindow({ width: 1280, height: 800, title: 'classcast', backgroundColor: '#111111', webPreferences: secureWebPreferences(preload) });
  // Full screen is the viewer's own button; the student needs no other permission.
  guardAppWindow(window.webContents, { ipc, pageUrl, permissions: ['fullscreen'] });
  void window.loadURL(pageUrl);
  return window;
}
