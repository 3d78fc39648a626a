/**
 * The Flume jar cache: `<cache>/flume-<version>/libs`, downloaded from Maven Central once, the
 * same way @classcast/broker caches Kafka (a private staging dir renamed into place when complete,
 * so a crash leaves no half cache). Kept apart from the broker's jars: Flume brings kafka-clients 2.7.2.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheRoot, type Env } from '@classcast/broker';
import { FlumeError } from './errors.js';
import { FLUME_VERSION, flumePom } from './flume-pom.js';
import { mavenExecutable, runToCompletion } from './tools.js';

const COMPLETE_MARKER = '.complete';

export interface FetchFlumeJarsOptions {
  flumeVersion?: string;
  env?: Env;
  onProgress?: (message: string) => void;
}

export function flumeCacheDir(flumeVersion: string, env: Env): string {
  return path.join(cacheRoot(env), `flume-${flumeVersion}`);
}

/** Returns the directory holding every jar of the agent's classpath, downloading it if needed. */
export async function fetchFlumeJars(options: FetchFlumeJarsOptions = {}): Promise<string> {
  const flumeVersion = options.flumeVersion ?? FLUME_VERSION;
  const env = options.env ?? process.env;
  const onProgress = options.onProgress ?? ((message: string) => process.stderr.write(`${message}\n`));
  const target = flumeCacheDir(flumeVersion, env);
  const libs = path.join(target, 'libs');
  if (existsSync(path.join(target, COMPLETE_MARKER))) return libs;

  const mvn = mavenExecutable(env);
  const started = Date.now();
  onProgress(`downloading Apache Flume ${flumeVersion} from Maven Central (first run only)...`);
  await mkdir(path.dirname(target), { recursive: true });
  const staging = await mkdtemp(`${target}.download-`);
  try {
    await writeFile(path.join(staging, 'pom.xml'), flumePom(flumeVersion));
    const args = [
      '-B',
      '-q',
      '-Dstyle.color=never',
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${path.join(staging, 'libs')}`,
    ];
    const result = await runToCompletion(mvn, args, staging, env).catch((cause: unknown) => {
      throw new FlumeError('CC_FLUME_DOWNLOAD_FAILED', `could not run ${mvn}: ${String(cause)}`, { cause });
    });
    if (result.exitCode !== 0) {
      const errors = result.tail.filter((line) => /^\[ERROR\] \S/.test(line)).slice(0, 3);
      throw new FlumeError(
        'CC_FLUME_DOWNLOAD_FAILED',
        `Maven could not download Apache Flume ${flumeVersion} (exit ${result.exitCode}):\n${(errors.length > 0 ? errors : result.tail.slice(-10)).join('\n')}`,
        { retriable: true },
      );
    }
    const jars = await readdir(path.join(staging, 'libs'));
    await writeFile(path.join(staging, COMPLETE_MARKER), JSON.stringify({ flumeVersion, jars: jars.length, completedAt: new Date().toISOString() }) + '\n');
    try {
      await rename(staging, target);
    } catch (error) {
      // Another process finished first: its complete cache wins.
      if (!existsSync(path.join(target, COMPLETE_MARKER))) throw error;
    }
    onProgress(`Apache Flume ${flumeVersion} ready: ${jars.length} jars in ${((Date.now() - started) / 1000).toFixed(1)} s, cached in ${target}`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return libs;
}
