/**
 * The teacher app as electron-builder.yml packages it (around a stand-in Electron): the three
 * bundles and sharp with its native library, kept outside the asar so it can be loaded; no
 * sources, maps, type declarations or workspace packages.
 */
import { rm } from 'node:fs/promises';
import { afterAll, expect, test } from 'vitest';
import { bundleApp } from '../../../../test-support/electron-app.js';
import { packageApp } from '../../../../test-support/electron-package.js';

let appPath: string | undefined;
afterAll(async () => {
  if (appPath) await rm(appPath, { recursive: true, force: true });
});

test('the package holds the bundles, and sharp unpacked from the asar', async () => {
  appPath = await bundleApp('teacher');
  const packaged = await packageApp('teacher', appPath);
  const ownFiles = packaged.asarFiles.filter((file) => !file.startsWith('node_modules/'));
  expect(ownFiles.sort()).toEqual(['dist/main/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/renderer.js', 'package.json']);
  expect(packaged.unpackedFiles).toContain('node_modules/sharp/package.json');
  expect(packaged.unpackedFiles.some((file) => /^node_modules\/@img\/sharp-[^/]+\/lib\/.+\.node$/.test(file))).toBe(true);
  expect([...packaged.asarFiles, ...packaged.unpackedFiles].filter((file) => file.includes('@classcast'))).toEqual([]);
});
