#!/usr/bin/env node
/** `npm run bundle -w @classcast/web`: builds the student page's app.js and the teacher console's teach.js (after tsc -b). */
import { bundlePages } from './bundle-pages.js';

try {
  for (const { file, bytes } of await bundlePages()) process.stderr.write(`page bundled: ${file} (${Math.round(bytes / 1024)} KiB)\n`);
} catch (error) {
  process.stderr.write(`bundling the pages failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
