/**
 * The teacher's bundled main.js, booted in plain Node on the electron stand-in: it loads (bundled
 * kafkajs, ESM), opens one locked-down window on the bundled page, answers every invoke channel and takes over getDisplayMedia's picker.
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

test('main boots, opens a sandboxed window on the bundled page and handles every invoke channel', async () => {
  appPath = await bundleApp('teacher');
  const report = await bootElectronMain(appPath);
  expect(report.sandboxEnabled).toBe(true);
  expect(report.handled.sort()).toEqual(
    Object.values(IPC)
      .filter((channel) => channel !== IPC.status)
      .sort(),
  );
  expect(report.windows).toHaveLength(1);
  const preferences = report.windows[0]!.webPreferences;
  expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, backgroundThrottling: false });
  expect(existsSync(preferences.preload as string)).toBe(true);
  expect(report.loaded).toHaveLength(1);
  expect(fileURLToPath(report.loaded[0]!)).toBe(join(appPath, 'dist/renderer/index.html'));
  expect(existsSync(join(appPath, 'dist/renderer/renderer.js'))).toBe(true);
  expect(report.sessionHandlers).toEqual(['permission-request', 'permission-check', 'display-media']);
  expect(report.appEvents).toContain('before-quit');
});
