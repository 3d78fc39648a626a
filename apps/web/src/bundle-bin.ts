#!/usr/bin/env node
/** `npm run bundle -w @classcast/web`: builds the student page's app.js (after tsc -b). */
import { bundleStudentPage } from './bundle-student-page.js';

try {
  const { file, bytes } = await bundleStudentPage();
  process.stderr.write(`student page bundled: ${file} (${Math.round(bytes / 1024)} KiB)\n`);
} catch (error) {
  process.stderr.write(`bundling the student page failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
