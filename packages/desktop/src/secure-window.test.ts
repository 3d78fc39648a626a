import { expect, test } from 'vitest';
import type { Session, WebContents } from 'electron';
import { allowOnlyPermissions, lockDownContents, secureWebPreferences } from './secure-window.js';

const PAGE = 'file:///app/dist/renderer/index.html';

test('windows run sandboxed, isolated, without Node', () => {
  expect(secureWebPreferences('/app/dist/preload/preload.cjs')).toMatchObject({
    preload: '/app/dist/preload/preload.cjs',
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
  });
});

test('the page cannot navigate away or open windows', () => {
  let navigate: (event: { preventDefault(): void }, url: string) => void = () => undefined;
  let openHandler: () => unknown = () => undefined;
  const contents = {
    on: (_event: string, listener: typeof navigate) => void (navigate = listener),
    setWindowOpenHandler: (handler: typeof openHandler) => void (openHandler = handler),
  } as unknown as Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
  lockDownContents(contents, PAGE);
  const prevented: string[] = [];
  for (const url of [PAGE, 'https://example.org/']) navigate({ preventDefault: () => void prevented.push(url) }, url);
  expect(prevented).toEqual(['https://example.org/']);
  expect(openHandler()).toEqual({ action: 'deny' });
});

test('only the listed permissions, and only for the app page', () => {
  let request: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void = () => undefined;
  let check: (contents: unknown, permission: string) => boolean = () => true;
  const session = {
    setPermissionRequestHandler: (handler: typeof request) => void (request = handler),
    setPermissionCheckHandler: (handler: typeof check) => void (check = handler),
  } as unknown as Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
  allowOnlyPermissions(session, PAGE, ['media']);
  const granted: Array<[string, string, boolean]> = [];
  for (const url of [PAGE, 'https://example.org/']) {
    for (const permission of ['media', 'geolocation']) {
      request({ getURL: () => url }, permission, (answer) => granted.push([url, permission, answer]));
    }
  }
  expect(granted.filter(([, , answer]) => answer)).toEqual([[PAGE, 'media', true]]);
  expect([check({ getURL: () => PAGE }, 'media'), check({ getURL: () => PAGE }, 'geolocation'), check(null, 'media')]).toEqual([true, false, false]);
});
