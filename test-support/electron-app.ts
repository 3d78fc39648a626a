/**
 * Electron apps in tests, without an Electron binary: bundle an app with the real bundler script;
 * boot its main.js in plain Node on the electron stand-in (test-support/electron-stand-in) to see
 * what main sets up, which proves the bundle loads (ESM, bundled kafkajs, external native modules);
 * and package it with electron-builder and the root electron-builder.yml around a stand-in
 * Electron, to see what a user's install would contain.
 */
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { collectPageErrors, launchChromium, serveFolder, TEST_ORIGIN } from './browser-page.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;

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

export async function bootElectronMain(appPath: string): Promise<MainBootReport> {
  const { stdout } = await run('node', ['--import', join(root, 'test-support/electron-stand-in/register.mjs'), join(appPath, 'dist/main/main.js')], {
    env: { ...process.env, CLASSCAST_STAND_IN_APP_PATH: appPath },
    timeout: 20_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as MainBootReport;
}

export interface PackagedApp {
  /** Files in resources/app.asar, "dir/file" paths. */
  asarFiles: string[];
  /** Files kept outside the archive (native modules), same form. */
  unpackedFiles: string[];
}

/**
 * Packages a bundled app folder (from bundleApp) as electron-builder's unpacked Linux "dir"
 * target. Installers (AppImage, deb, NSIS, dmg) need tools electron-builder downloads, so they
 * are built where that works; their contents are this same folder.
 */
export async function packageApp(app: string, appPath: string): Promise<PackagedApp> {
  await copyFile(join(root, 'apps', app, 'package.json'), join(appPath, 'package.json'));
  const electronDist = join(appPath, 'electron-stand-in');
  await mkdir(electronDist, { recursive: true });
  await writeFile(join(electronDist, 'electron'), '#!/bin/sh\necho "the Electron stand-in of a test"\n');
  await chmod(join(electronDist, 'electron'), 0o755);
  const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
  const output = join(appPath, 'out');
  await run(join(root, 'node_modules/.bin/electron-builder'), [
    '--projectDir', appPath, '--config', join(root, 'electron-builder.yml'), '--linux', 'dir',
    `-c.electronDist=${electronDist}`, `-c.electronVersion=${electronVersion}`, `-c.directories.output=${output}`,
    `-c.appId=org.classcast.${app}`, `-c.extraMetadata.name=classcast-${app}`,
  ], { timeout: 120_000 });
  const resources = join(output, 'linux-unpacked/resources');
  const files = asarFiles(await readFile(join(resources, 'app.asar')));
  return {
    asarFiles: files.filter((file) => !file.unpacked).map((file) => file.path),
    unpackedFiles: files.filter((file) => file.unpacked).map((file) => file.path),
  };
}

type AsarEntry = { files?: Record<string, AsarEntry>; unpacked?: boolean };

/** An asar archive starts with a JSON index of its files after a 16-byte size prefix. */
function asarFiles(archive: Buffer): Array<{ path: string; unpacked: boolean }> {
  const index = JSON.parse(archive.subarray(16, 16 + archive.readUInt32LE(12)).toString('utf8')) as AsarEntry;
  const walk = (entry: AsarEntry, prefix: string): Array<{ path: string; unpacked: boolean }> =>
    Object.entries(entry.files ?? {}).flatMap(([name, child]) =>
      child.files ? walk(child, `${prefix}${name}/`) : [{ path: `${prefix}${name}`, unpacked: child.unpacked === true }],
    );
  return walk(index, '');
}

export interface RendererPages {
  /** test-results/<app>-renderer: screenshots kept as test artifacts. */
  readonly artifacts: string;
  /**
   * A new page on the bundled renderer, with `preload` run first in it as the app's preload would
   * be (it puts a stand-in `window.classcast` there), and the page's errors collected.
   */
  open(preload: () => void, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
}

/**
 * For a renderer test file: bundles apps/<app>'s renderer and starts Chromium before its tests,
 * and cleans both up after them.
 */
export function useRendererPages(app: string): RendererPages {
  const artifacts = join(root, `test-results/${app}-renderer`);
  let appPath: string | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    appPath = await bundleApp(app, 'renderer');
    browser = await launchChromium();
    await mkdir(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    if (appPath) await rm(appPath, { recursive: true, force: true });
  });
  return {
    artifacts,
    async open(preload, viewport) {
      if (!browser || !appPath) throw new Error('useRendererPages: open() before the test file started');
      const page = await browser.newPage({ viewport });
      const errors = collectPageErrors(page);
      await serveFolder(page, join(appPath, 'dist/renderer'));
      await page.addInitScript(preload);
      await page.goto(`${TEST_ORIGIN}/index.html`);
      return { page, errors };
    },
  };
}
