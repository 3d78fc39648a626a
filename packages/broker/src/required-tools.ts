/**
 * Finds the external programs the broker needs (java, mvn) and turns their absence into one
 * clear line. Java's version is checked too: Kafka 4 brokers need Java 17.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Env } from './env-paths.js';
import { javaMissingError, mavenMissingError } from './errors.js';
import { findExecutable, isExecutableFile } from './find-executable.js';

const MIN_JAVA_MAJOR = 17;
const checkedJava = new Map<string, JavaInstallation>();

export interface JavaInstallation {
  path: string;
  /** The full version, e.g. "17.0.15" ("" when `java -version` could not be read). */
  version: string;
  major: number;
}

/** `$JAVA_HOME/bin/java` when set (as kafka-run-class.sh does), else `java` on PATH. */
export async function requireJava(env: Env): Promise<JavaInstallation> {
  const fromHome = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : undefined;
  const java = fromHome && isExecutableFile(fromHome) ? fromHome : findExecutable('java', env);
  if (!java) throw javaMissingError();
  const installation = checkedJava.get(java) ?? (await inspectJava(java, env));
  if (installation.major < MIN_JAVA_MAJOR) throw javaMissingError(` (found Java ${installation.major} at ${java})`);
  checkedJava.set(java, installation);
  return installation;
}

export function requireMaven(env: Env): string {
  const mvn = findExecutable('mvn', env);
  if (!mvn) throw mavenMissingError();
  return mvn;
}

/** Parses `java -version` ("1.8.0_392" is 8, "17.0.15" is 17); major 0 when it cannot tell. */
export function parseJavaVersion(versionOutput: string): { version: string; major: number } {
  const match = /version "((\d+)(?:\.(\d+))?[^"]*)"/.exec(versionOutput);
  if (!match) return { version: '', major: 0 };
  const first = Number(match[2]);
  return { version: match[1]!, major: first === 1 ? Number(match[3] ?? 0) : first };
}

async function inspectJava(java: string, env: Env): Promise<JavaInstallation> {
  try {
    const { stderr, stdout } = await promisify(execFile)(java, ['-version'], { env });
    return { path: java, ...parseJavaVersion(stderr + stdout) };
  } catch {
    return { path: java, version: '', major: 0 };
  }
}
