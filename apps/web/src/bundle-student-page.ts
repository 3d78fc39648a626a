/**
 * Bundles the student page's client (src/client/main.tsx with React and @classcast/ui) into one
 * browser file, dist/public/app.js, with esbuild. A build step (npm run bundle), not run by the
 * gateway: esbuild is a build tool, never a runtime dependency of the server.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DEFAULT_PUBLIC_DIR } from './student-page.js';

const ENTRY = fileURLToPath(new URL('../src/client/main.tsx', import.meta.url));
const CLIENT_TSCONFIG = fileURLToPath(new URL('../src/client/tsconfig.json', import.meta.url));

export interface BundleResult {
  file: string;
  bytes: number;
}

/** Writes app.js (and its source map) into `outDir`; needs the workspace packages built (tsc -b). */
export async function bundleStudentPage({ outDir = DEFAULT_PUBLIC_DIR, minify = true } = {}): Promise<BundleResult> {
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'app.js');
  const result = await build({
    entryPoints: [ENTRY],
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
  const bytes = result.metafile.outputs[Object.keys(result.metafile.outputs).find((out) => out.endsWith('app.js')) ?? '']?.bytes ?? 0;
  return { file, bytes };
}
