/**
 * The student app as electron-builder.yml packages it (around a stand-in Electron): its three
 * bundles and nothing else — kafkajs and React are inside them, and it needs no native module.
 */
import { rm } from 'node:fs/promises';
import { afterAll, expect, test } from 'vitest';
import { bundleApp } from '../../../../test-support/electron-app.js';
import { packageApp } from '../../../../test-support/electron-package.js';

let appPath: string | undefined;
afterAll(async () => {
  if (appPath) await rm(appPath, { recursive: true, force: true });
});

test('the package holds the three bundles and its package.json, nothing more', async () => {
  appPath = await bundleApp('student');
  const packaged = await packageApp('student', appPath);
  expect(packaged.asarFiles.sort()).toEqual([
    'dist/main/main.js',
    'dist/preload/preload.cjs',
    'dist/renderer/index.html',
    'dist/renderer/renderer.js',
    'package.json',
  ]);
  expect(packaged.unpackedFiles).toEqual([]);
});
