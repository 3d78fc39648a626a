/**
 * Bundles the gateway's two page clients with React and @classcast/ui, each into one browser
 * file with esbuild: the student page (src/client/main.tsx → dist/public/app.js) and the teacher
 * console (src/client/teach.tsx → dist/public/teach.js). A build step (npm run bundle), not run by the
 * gateway: esbuild is a build tool, never a runtime dependency of the server.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DEFAULT_PUBLIC_DIR } from './student-page.js';

const ENTRIES = {
  app: fileURLToPath(new URL('../src/client/main.tsx', import.meta.url)),
  teach: fileURLToPath(new URL('../src/client/teach.tsx', import.meta.url)),
};
const CLIENT_TSCONFIG = fileURLToPath(new URL('../src/client/tsconfig.json', import.meta.url));

export interface BundleResult {
  file: string;
  bytes: number;
}

/** Writes app.js and teach.js (and their source maps) into `outDir`; needs the workspace packages built (tsc -b). */
export async function bundlePages({ outDir = DEFAULT_PUBLIC_DIR, minify = true } = {}): Promise<BundleResult[]> {
  await mkdir(outDir, { recursive: true });
  return Promise.all(Object.entries(ENTRIES).map(([name, entry]) => bundleOne(entry, join(outDir, `${name}.js`), minify)));
}

async function bundleOne(entry: string, file: string, minify: boolean): Promise<BundleResult> {
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome111', 'firefox115', 'safari16'],
    jsx: 'automatic',
    tsconfig: CLIENT_TSCONFIG,
    define: { 'process.env.NODE_ENV': '"production"' },
    minify,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  const bytes = result.metafile.outputs[Object.keys(result.metafile.outputs).find((out) => !out.endsWith('.map')) ?? '']?.bytes ?? 0;
  return { file, bytes };
}
