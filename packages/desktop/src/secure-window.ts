/**
 * The settings every classcast window runs with, and the locks put on its page: no Node in the
 * page, the preload in its own world and in the sandbox, no navigation away from the app's page,
 * no new windows, and only the permissions the app names (the teacher needs screen capture; the
 * student needs none).
 */
import type { Session, WebContents, WebPreferences } from 'electron';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  };
}

export type PermissionName = Parameters<Parameters<Session['setPermissionRequestHandler']>[0] & object>[1];

/** Keeps `contents` on `pageUrl`: other navigations and window.open are refused. */
export function lockDownContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, pageUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (url !== pageUrl) event.preventDefault();
  });
}

/** Grants the listed permissions to the app's own page only, and refuses the rest. */
export function allowOnlyPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  pageUrl: string,
  allowed: readonly PermissionName[],
): void {
  session.setPermissionRequestHandler((contents, permission, callback) => {
    callback(allowed.includes(permission) && contents.getURL() === pageUrl);
  });
  session.setPermissionCheckHandler((contents, permission) => (allowed as readonly string[]).includes(permission) && contents?.getURL() === pageUrl);
}
