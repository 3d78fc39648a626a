/**
 * scripts/pack-cli.mjs: the tarball for `npm i -g` carries the workspace packages bundled in and
 * the registry packages as dependencies, and its command runs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let out: string | undefined;

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

test('the packed command bundles the workspaces, depends on the registry packages, and runs', { timeout: 60_000 }, async () => {
  // Inside the checkout (out/ is git-ignored), so the staged bundle finds the registry packages in its node_modules.
  await mkdir(join(ROOT, 'out'), { recursive: true });
  out = await mkdtemp(join(ROOT, 'out/pack-test-'));
  const { stdout } = await run(process.execPath, [join(ROOT, 'scripts/pack-cli.mjs'), '--out', out]);
  const version = JSON.parse(await readFile(join(ROOT, 'apps/cli/package.json'), 'utf8')).version;
  expect(stdout).toContain(`classcast-${version}.tgz`);
  expect(existsSync(join(out, `classcast-${version}.tgz`))).toBe(true);

  const staged = join(out, 'classcast-cli');
  const manifest = JSON.parse(await readFile(join(staged, 'package.json'), 'utf8'));
  expect(manifest).toMatchObject({ name: 'classcast', version, bin: { classcast: './dist/bin.js' } });
  expect(Object.keys(manifest.dependencies)).toEqual(['cli-progress', 'commander', 'kafkajs', 'node-screenshots', 'pdf-lib', 'read', 'sharp', 'ws']);
  const bundle = await readFile(join(staged, 'dist/bin.js'), 'utf8');
  expect(bundle).not.toMatch(/from ["']@classcast\//);
  expect(existsSync(join(staged, 'dist/public/app.js'))).toBe(true); // the student page the gateway serves

  const help = await run(join(staged, 'dist/bin.js'), ['--help']);
  expect(help.stdout).toMatch(/Usage: classcast/);
  expect((await run(process.execPath, [join(staged, 'dist/bin.js'), '--version'])).stdout.trim()).toBe(version);
});
