/**
 * Where the broker keeps things on disk: the jar cache and the detached broker's state dir.
 * Everything is derived from the caller's env so tests can point it at temp dirs.
 */
import os from 'node:os';
import path from 'node:path';

export type Env = NodeJS.ProcessEnv;

export const DEFAULT_KAFKA_VERSION = '4.1.1';

/** `$CLASSCAST_CACHE_DIR`, else `$XDG_CACHE_HOME/classcast`, else `~/.cache/classcast`. */
export function cacheRoot(env: Env): string {
  if (env.CLASSCAST_CACHE_DIR) return path.resolve(env.CLASSCAST_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'classcast');
}

export function kafkaCacheDir(kafkaVersion: string, env: Env): string {
  return path.join(cacheRoot(env), `kafka-${kafkaVersion}`);
}

/** Where `broker up` records its broker and keeps its data: `$CLASSCAST_RUN_DIR`, else `<cache>/run`. */
export function defaultStateDir(env: Env): string {
  if (env.CLASSCAST_RUN_DIR) return path.resolve(env.CLASSCAST_RUN_DIR);
  return path.join(cacheRoot(env), 'run');
}
