#!/usr/bin/env node
// The `classcast` command on PATH. A committed file rather than dist/bin.js, so that npm links it at
// install time, before the first build; it runs the compiled CLI.
import { existsSync } from 'node:fs';

const built = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(built)) {
  console.error('classcast: not built yet; run `npm run build` in the classcast checkout');
  process.exit(1);
}
await import(built.href);
