/**
 * java and mvn for the agent (looked up with @classcast/broker's findExecutable), and a small
 * "run to completion" helper.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { findExecutable, type Env } from '@classcast/broker';
import { FlumeError } from './errors.js';

/** `$JAVA_HOME/bin/java` when set, else `java` on PATH. */
export function javaExecutable(env: Env): string {
  const fromHome = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : undefined;
  const java = fromHome ?? findExecutable('java', env);
  if (!java) throw new FlumeError('CC_FLUME_START_FAILED', 'Java is needed to run a Flume agent: install it (apt-get install openjdk-17-jre-headless)');
  return java;
}

export function mavenExecutable(env: Env): string {
  const mvn = findExecutable('mvn', env);
  if (!mvn)
    throw new FlumeError(
      'CC_FLUME_DOWNLOAD_FAILED',
      'Maven (mvn) is needed once to download Apache Flume from Maven Central: install it (apt-get install maven)',
    );
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
