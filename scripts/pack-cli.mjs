#!/usr/bin/env node
// Packs the `classcast` command as one installable npm tarball, out/classcast-<version>.tgz, for
// `npm i -g out/classcast-<version>.tgz` on a machine without a checkout. The workspace packages are
// private (on no registry), so esbuild bundles them into dist/bin.js; the packages from the registry
// (kafkajs, sharp, commander, …) stay imports and become the tarball's dependencies, at the versions
// the workspaces ask for. The student page (apps/web/dist/public) is copied beside the bundle, where
// the gateway looks for it. Run after `npm run build`:
//
//   node scripts/pack-cli.mjs [--out DIR]        (npm run pack:cli; DIR defaults to out/)
import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const out = resolve(parseArgs({ options: { out: { type: 'string' } } }).values.out ?? join(root, 'out'));
const stage = join(out, 'classcast-cli');
const readJson = async (path) => JSON.parse(await readFile(path, 'utf8'));

// What each registry package is asked for by the workspaces that the command bundles.
const wanted = {};
for (const dir of ['packages', 'apps']) {
  for (const name of await readdir(join(root, dir))) {
    const manifest = await readJson(join(root, dir, name, 'package.json')).catch(() => ({}));
    for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) if (!dep.startsWith('@classcast/')) wanted[dep] = range;
  }
}

// Workspace packages are bundled (and run no code on import, so what the command never calls is
// left out, e.g. the gateway's build-time page bundler and its esbuild); registry packages are not.
const workspacesBundledRegistryExternal = {
  name: 'classcast-cli-packages',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('node:')) return undefined;
      if (/^[^./]/.test(args.path) && !args.path.startsWith('@classcast/')) return { path: args.path, external: true };
      const result = await builder.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
      return result.errors.length > 0 ? undefined : { ...result, sideEffects: false };
    });
  },
};

await rm(stage, { recursive: true, force: true });
await mkdir(join(stage, 'dist'), { recursive: true });
const { metafile } = await build({
  entryPoints: [join(root, 'apps/cli/dist/bin.js')],
  outfile: join(stage, 'dist/bin.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [workspacesBundledRegistryExternal],
});
await chmod(join(stage, 'dist/bin.js'), 0o755);
await cp(join(root, 'apps/web/dist/public'), join(stage, 'dist/public'), { recursive: true });

const imported = new Set(
  Object.values(metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((entry) => entry.external && !entry.path.startsWith('node:'))
    .map((entry) => entry.path.match(/^(@[^/]+\/)?[^/]+/)[0]), // 'pkg/sub' and '@scope/pkg/sub' come from their package
);
const missing = [...imported].filter((name) => !wanted[name]);
if (missing.length > 0) throw new Error(`pack-cli: the bundle imports ${missing.join(', ')}, which no workspace lists as a dependency`);

const [rootManifest, cliManifest] = await Promise.all([readJson(join(root, 'package.json')), readJson(join(root, 'apps/cli/package.json'))]);
const manifest = {
  name: 'classcast',
  version: cliManifest.version,
  description: rootManifest.description,
  type: 'module',
  license: rootManifest.license,
  engines: rootManifest.engines,
  bin: { classcast: './dist/bin.js' },
  files: ['dist'],
  dependencies: Object.fromEntries([...imported].sort().map((name) => [name, wanted[name]])),
};
await writeFile(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
await cp(join(root, 'LICENSE'), join(stage, 'LICENSE'));
await cp(join(root, 'README.md'), join(stage, 'README.md'));
const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: stage, encoding: 'utf8' }));
console.log(`packed ${join(out, packed.filename)} (${packed.entryCount} files; dependencies: ${Object.keys(manifest.dependencies).join(', ')})`);
