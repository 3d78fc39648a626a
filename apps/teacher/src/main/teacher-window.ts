/** The one teacher window: locked down, allowed to capture the screen, trusted for IPC on its page. */
import { app, BrowserWindow } from 'electron';
import { appFiles, guardAppWindow, secureWebPreferences, type TrustedIpc } from '@classcast/desktop';
import type { InvokeContract } from '../shared/ipc-channels.js';

export function setupTeacherWindow(ipc: TrustedIpc<InvokeContract>): BrowserWindow {
  const { pageUrl, preload } = appFiles(app.getAppPath());
  const window = new BrowserWindow({
    width: 520,
    height: 820,
    title: 'classcast teacher',
    // Capture must keep its pace while the teacher looks at the window being shared.
    webPreferences: { ...secureWebPreferences(preload), backgroundThrottling: false },
  });
  guardAppWindow(window.webContents, { ipc, pageUrl, permissions: ['display-capture', 'media'] });
  void window.loadURL(pageUrl);
  return window;
}
