/**
 * java and mvn for the agent, and a small "run to completion" helper. (@classcast/broker has the
 * same internally — requireJava/requireMaven/runCommand — but does not export them.)
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { Env } from '@classcast/broker';
import { FlumeError } from './errors.js';

export function findExecutable(name: string, env: Env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** `$JAVA_HOME/bin/java` when set, else `java` on PATH. */
export function javaExecutable(env: Env): string {
  const fromHome = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : undefined;
  const java = fromHome ?? findExecutable('java', env);
  if (!java) throw new FlumeError('CC_FLUME_START_FAILED', 'Java is needed to run a Flume agent: install it (apt-get install openjdk-17-jre-headless)');
  return java;
}

export function mavenExecutable(env: Env): string {
  const mvn = findExecutable('mvn', env);
  if (!mvn) throw new FlumeError('CC_FLUME_DOWNLOAD_FAILED', 'Maven (mvn) is needed once to download Apache Flume from Maven Central: install it (apt-get install maven)');
  return mvn;
}

export interface CommandResult {
  exitCode: number | null;
  tail: string[];
}

export function runToCompletion(command: string, args: string[], cwd: string, env: Env): Promise<CommandResult> {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const collect = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 40));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, tail }));
  });
}
