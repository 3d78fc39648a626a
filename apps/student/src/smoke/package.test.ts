/**
 * The student app as electron-builder.yml packages it (around a stand-in Electron): its three
 * bundles (kafkajs and React are inside them), and the native modules "Share my screen" loads —
 * sharp and node-screenshots — kept outside the asar so they can be loaded; no workspace packages.
 */
import { rm } from 'node:fs/promises';
import { afterAll, expect, test } from 'vitest';
import { bundleApp } from '../../../../test-support/electron-app.js';
import { packageApp } from '../../../../test-support/electron-package.js';

let appPath: string | undefined;
afterAll(async () => {
  if (appPath) await rm(appPath, { recursive: true, force: true });
});

test('the package holds the three bundles, its package.json, and sharp and node-screenshots unpacked', async () => {
  appPath = await bundleApp('student');
  const packaged = await packageApp('student', appPath);
  const ownFiles = packaged.asarFiles.filter((file) => !file.startsWith('node_modules/'));
  expect(ownFiles.sort()).toEqual(['dist/main/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/renderer.js', 'package.json']);
  expect(packaged.unpackedFiles).toContain('node_modules/sharp/package.json');
  expect(packaged.unpackedFiles).toContain('node_modules/node-screenshots/package.json');
  expect([...packaged.asarFiles, ...packaged.unpackedFiles].filter((file) => file.includes('@classcast'))).toEqual([]);
});
