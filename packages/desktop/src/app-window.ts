/**
 * Where an app's built files are (dist/ under Electron's app path, the same in development and in
 * app.asar) and the one call that puts every lock on a new window: permissions, navigation, and
 * IPC trust for its page.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WebContents } from 'electron';
import { allowOnlyPermissions, lockDownContents, type PermissionName } from './secure-window.js';
import type { IpcContract, TrustedIpc } from './trusted-ipc.js';

export interface AppFiles {
  /** file:// URL of dist/renderer/index.html. */
  pageUrl: string;
  /** Path of dist/preload/preload.cjs (the bundle scripts/build-electron-app.mjs writes). */
  preload: string;
}

export function appFiles(appPath: string): AppFiles {
  return {
    pageUrl: pathToFileURL(join(appPath, 'dist/renderer/index.html')).href,
    preload: join(appPath, 'dist/preload/preload.cjs'),
  };
}

export function guardAppWindow<C extends IpcContract<C>>(
  contents: WebContents,
  options: { ipc: TrustedIpc<C>; pageUrl: string; permissions: readonly PermissionName[] },
): void {
  allowOnlyPermissions(contents.session, options.pageUrl, options.permissions);
  lockDownContents(contents, options.pageUrl);
  options.ipc.trust(contents, options.pageUrl);
}
