/** Looks a command up on the PATH of a given env (not necessarily process.env), like `which`. */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { Env } from './env-paths.js';

export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findExecutable(name: string, env: Env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}
