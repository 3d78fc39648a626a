/**
 * An Electron app packaged by electron-builder with the root electron-builder.yml, around a
 * stand-in Electron, to see what a user's install would contain.
 */
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root, run } from './electron-app.js';

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
  await run(
    join(root, 'node_modules/.bin/electron-builder'),
    [
      '--projectDir',
      appPath,
      '--config',
      join(root, 'electron-builder.yml'),
      '--linux',
      'dir',
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${electronVersion}`,
      `-c.directories.output=${output}`,
      `-c.appId=org.classcast.${app}`,
      `-c.extraMetadata.name=classcast-${app}`,
    ],
    { timeout: 120_000 },
  );
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
