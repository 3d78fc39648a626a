/**
 * Electron apps in tests, without an Electron binary: bundle an app with the real bundler script,
 * and boot its main.js in plain Node on the electron stand-in (test-support/electron-stand-in) to
 * see what main sets up, which proves the bundle loads (ESM, bundled kafkajs, external native
 * modules) and wires its windows and IPC.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const root = new URL('..', import.meta.url).pathname;

export interface MainBootReport {
  sandboxEnabled: boolean;
  /** Channels given to ipcMain.handle or ipcMain.on. */
  handled: string[];
  windows: Array<{ title?: string; webPreferences: Record<string, unknown> }>;
  loaded: string[];
  sessionHandlers: string[];
  appEvents: string[];
}

/**
 * Bundles apps/<app> into a fresh app folder (its dist/ inside) and returns that folder. It lies
 * under node_modules/.cache, so the bundle's external native modules (sharp) resolve as they do
 * from the app itself.
 */
export async function bundleApp(app: string, only?: 'main' | 'preload' | 'renderer'): Promise<string> {
  const cache = join(root, 'node_modules/.cache/classcast-tests');
  await mkdir(cache, { recursive: true });
  const appPath = await mkdtemp(join(cache, `${app}-`));
  const args = [join(root, 'scripts/build-electron-app.mjs'), join(root, 'apps', app), '--out', join(appPath, 'dist')];
  await run('node', only ? [...args, '--only', only] : args);
  return appPath;
}

/** `env`: settings added to this process's environment for main (CLASSCAST_LOGIN…). */
export async function bootElectronMain(appPath: string, env: NodeJS.ProcessEnv = {}): Promise<MainBootReport> {
  const { stdout } = await run('node', ['--import', join(root, 'test-support/electron-stand-in/register.mjs'), join(appPath, 'dist/main/main.js')], {
    env: { ...process.env, ...env, CLASSCAST_STAND_IN_APP_PATH: appPath },
    timeout: 20_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as MainBootReport;
}
