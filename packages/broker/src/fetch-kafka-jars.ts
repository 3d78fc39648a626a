/**
 * The jar cache: downloads Apache Kafka's jars from Maven Central once per version into
 * `<cache>/kafka-<version>/libs`. A download goes to a private staging dir that is renamed into
 * place only when complete, so a crash leaves no half cache and two processes fetching at once
 * cannot corrupt each other (the later rename just loses).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { kafkaCacheDir, type Env } from './env-paths.js';
import { BrokerError } from './errors.js';
import { brokerPom } from './maven-pom.js';
import { tallyMavenLine, type DownloadTally } from './maven-progress.js';
import { formatBytes } from '@classcast/protocol';
import type { ProgressListener } from './progress.js';
import { requireMaven } from './required-tools.js';
import { runCommand } from './run-command.js';

const COMPLETE_MARKER = '.complete';
const PROGRESS_EVERY_MS = 1000;
const MAVEN_BOILERPLATE = /re-run Maven|To see the full stack trace|For more information about the errors|^\[ERROR\] \[Help \d+\]/i;

export interface FetchKafkaJarsOptions {
  kafkaVersion: string;
  env: Env;
  onProgress: ProgressListener;
}

export function isCacheComplete(versionDir: string): boolean {
  return existsSync(path.join(versionDir, COMPLETE_MARKER));
}

/** Returns the directory holding every jar of the broker's classpath, downloading it if needed. */
export async function fetchKafkaJars({ kafkaVersion, env, onProgress }: FetchKafkaJarsOptions): Promise<string> {
  const target = kafkaCacheDir(kafkaVersion, env);
  const libs = path.join(target, 'libs');
  if (isCacheComplete(target)) return libs;

  const mvn = requireMaven(env);
  const started = Date.now();
  onProgress({ stage: 'download', message: `downloading Apache Kafka ${kafkaVersion} from Maven Central (first run only)...` });
  await mkdir(path.dirname(target), { recursive: true });
  const staging = await mkdtemp(`${target}.download-`);
  try {
    await writeFile(path.join(staging, 'pom.xml'), brokerPom(kafkaVersion));
    await runMaven(mvn, staging, kafkaVersion, env, onProgress);
    const jars = await readdir(path.join(staging, 'libs'));
    const bytes = await totalSize(path.join(staging, 'libs'), jars);
    await writeFile(
      path.join(staging, COMPLETE_MARKER),
      JSON.stringify({ kafkaVersion, jars: jars.length, bytes, completedAt: new Date().toISOString() }) + '\n',
    );
    await publish(staging, target);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    onProgress({
      stage: 'download',
      message: `Apache Kafka ${kafkaVersion} ready: ${jars.length} jars (${formatBytes(bytes)}) in ${seconds} s, cached in ${target}`,
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return libs;
}

async function runMaven(mvn: string, cwd: string, kafkaVersion: string, env: Env, onProgress: ProgressListener) {
  const tally: DownloadTally = { files: 0, bytes: 0 };
  let lastReport = Date.now();
  // Not -q: the transfer lines are what the progress counts.
  const args = ['-B', '-Dstyle.color=never', 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${path.join(cwd, 'libs')}`];
  const result = await runCommand(mvn, args, {
    cwd,
    env,
    onLine: (line) => {
      if (!tallyMavenLine(tally, line) || Date.now() - lastReport < PROGRESS_EVERY_MS) return;
      lastReport = Date.now();
      onProgress({ stage: 'download', message: `  ${tally.files} files, ${formatBytes(tally.bytes)} downloaded...` });
    },
  }).catch((cause: unknown) => {
    throw new BrokerError('CC_BROKER_DOWNLOAD_FAILED', `could not run ${mvn}: ${String(cause)}`, { cause });
  });
  if (result.exitCode !== 0) {
    const errors = result.tail.filter((line) => /^\[ERROR\] \S/.test(line) && !MAVEN_BOILERPLATE.test(line)).slice(0, 3);
    throw new BrokerError(
      'CC_BROKER_DOWNLOAD_FAILED',
      `Maven could not download Apache Kafka ${kafkaVersion} (exit ${result.exitCode ?? result.signal}): is the version right and Maven Central reachable?\n` +
        (errors.length > 0 ? errors : result.tail.slice(-10)).join('\n'),
      { retriable: true },
    );
  }
}

async function totalSize(dir: string, files: string[]): Promise<number> {
  const sizes = await Promise.all(files.map(async (file) => (await stat(path.join(dir, file))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** Renames the finished staging dir into place; a complete cache already there wins. */
async function publish(staging: string, target: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await rename(staging, target);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
      if (isCacheComplete(target)) return; // another process finished first
      // An incomplete dir from an older layout or a manual copy: move it aside, then retry.
      const stale = `${target}.stale-${process.pid}-${attempt}`;
      await rename(target, stale).catch(() => undefined);
      await rm(stale, { recursive: true, force: true });
    }
  }
  throw new BrokerError('CC_BROKER_DOWNLOAD_FAILED', `could not move the downloaded jars into ${target}`);
}
