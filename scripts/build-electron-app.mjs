#!/usr/bin/env node
// Bundles one Electron app (apps/student or apps/teacher) into its dist/ with esbuild:
//   src/main/main.ts          → dist/main/main.js        ESM for Electron's Node; native modules stay external
//   src/preload/preload.ts    → dist/preload/preload.cjs  CommonJS: a sandboxed preload can require only 'electron'
//   src/renderer/renderer.tsx → dist/renderer/renderer.js the React page; src/renderer's .html and .css are copied
// Everything but Electron and the native modules (sharp, node-screenshots) is bundled, so a packaged
// app carries no workspace symlinks. Type checking is tsc's job (`tsc -b apps/<app>`), not this script's.
// The student's main loads sharp and node-screenshots only for "Share my screen" (@classcast/stream/teacher).
//
//   node scripts/build-electron-app.mjs apps/student [--out DIR] [--only renderer] [--dev]
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, only: { type: 'string' }, dev: { type: 'boolean', default: false } },
});
if (positionals.length !== 1) {
  console.error('usage: build-electron-app.mjs <app folder> [--out DIR] [--only main|preload|renderer] [--dev]');
  process.exit(2);
}
const app = resolve(positionals[0]);
const out = resolve(values.out ?? join(app, 'dist'));
const NATIVE = ['electron', 'sharp', 'node-screenshots'];
const common = { bundle: true, minify: !values.dev, sourcemap: values.dev ? 'inline' : false, logLevel: 'warning', legalComments: 'none' };

const targets = {
  main: () =>
    build({
      ...common,
      entryPoints: [join(app, 'src/main/main.ts')],
      outfile: join(out, 'main/main.js'),
      platform: 'node',
      format: 'esm',
      target: 'node22',
      external: NATIVE,
      // Bundled CommonJS (kafkajs) calls require() for Node's modules: give the ESM bundle one.
      banner: { js: "import { createRequire as __ccRequire } from 'node:module'; const require = __ccRequire(import.meta.url);" },
    }),
  preload: () =>
    build({
      ...common,
      entryPoints: [join(app, 'src/preload/preload.ts')],
      outfile: join(out, 'preload/preload.cjs'),
      platform: 'node',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
    }),
  renderer: async () => {
    await build({
      ...common,
      entryPoints: [join(app, 'src/renderer/renderer.tsx')],
      outfile: join(out, 'renderer/renderer.js'),
      platform: 'browser',
      // A classic script: module scripts from file:// pages are not reliable in every Electron.
      format: 'iife',
      target: 'chrome130',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': values.dev ? '"development"' : '"production"' },
    });
    const source = join(app, 'src/renderer');
    for (const file of await readdir(source)) {
      if (/\.(html|css)$/.test(file)) await copyFile(join(source, file), join(out, 'renderer', file));
    }
  },
};

const chosen = values.only ? [values.only] : Object.keys(targets);
for (const name of chosen) {
  const target = targets[name];
  if (!target) {
    console.error(`--only ${name}: expected one of ${Object.keys(targets).join(', ')}`);
    process.exit(2);
  }
  await mkdir(join(out, name), { recursive: true });
  await target();
}
console.log(`bundled ${chosen.join(', ')} of ${positionals[0]} into ${out}`);
