/**
 * The student's bundled main.js, booted in plain Node on the electron stand-in: it loads (bundled
 * kafkajs, ESM), opens one locked-down window on the bundled page and answers every invoke channel.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { bootElectronMain, bundleApp } from '../../../../test-support/electron-app.js';
import { IPC } from '../shared/ipc-channels.js';

let appPath: string | undefined;
afterAll(async () => {
  if (appPath) await rm(appPath, { recursive: true, force: true });
});

test('main boots, opens a sandboxed window on the bundled page and handles the login method, join, leave, control and the screen share', async () => {
  appPath = await bundleApp('student');
  const report = await bootElectronMain(appPath);
  expect(report.sandboxEnabled).toBe(true);
  expect(report.handled.sort()).toEqual([IPC.loginMethod, IPC.join, IPC.leave, IPC.control, IPC.shareStart, IPC.shareStop].sort());
  expect(report.windows).toHaveLength(1);
  const preferences = report.windows[0]!.webPreferences;
  expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  expect(existsSync(preferences.preload as string)).toBe(true);
  expect(report.loaded).toHaveLength(1);
  expect(fileURLToPath(report.loaded[0]!)).toBe(join(appPath, 'dist/renderer/index.html'));
  expect(existsSync(join(appPath, 'dist/renderer/renderer.js'))).toBe(true);
  expect(report.sessionHandlers).toEqual(['permission-request', 'permission-check']);
});

test('main boots with student logins (CLASSCAST_LOGIN=password), and a setting it does not know stops it with one line', async () => {
  if (!appPath) throw new Error('the first test bundles the app');
  const report = await bootElectronMain(appPath, { CLASSCAST_LOGIN: 'password' });
  expect(report.windows).toHaveLength(1);
  expect(report.handled).toContain(IPC.loginMethod);
  await expect(bootElectronMain(appPath, { CLASSCAST_LOGIN: 'pasword' })).rejects.toThrow(
    /CLASSCAST_LOGIN=pasword is not a login this app knows: use password/,
  );
});
