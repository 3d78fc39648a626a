/**
 * How Kafka's JVMs are launched: the classpath is the jar cache's libs dir (expanded by java
 * itself from `libs/*`), with a small heap because this runs beside the apps on a laptop or CI box.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Env } from './env-paths.js';
import { findExecutable } from './find-executable.js';

export interface JavaRuntime {
  java: string;
  /** e.g. "17.0.15"; names the class-data archive. */
  javaVersion: string;
  libsDir: string;
  env: Env;
}

/** Close to kafka-run-class.sh's defaults, with -Xmx512m instead of 1 GB. */
export const BROKER_JVM_OPTIONS = ['-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true'];

/** Short-lived tools run for a second: skip the optimising JIT and G1's threads. */
export const TOOL_JVM_OPTIONS = ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Djava.awt.headless=true'];

export function javaArgs(runtime: JavaRuntime, jvmOptions: string[], mainClass: string, args: string[]): string[] {
  return [...jvmOptions, '-cp', path.join(runtime.libsDir, '*'), mainClass, ...args];
}

/**
 * On Linux, `setpriv --pdeathsig KILL` makes the kernel kill the JVM when its parent dies, even by
 * SIGKILL, where no exit handler can run. setpriv execs java, so the pid stays the JVM's.
 */
export function tiedToParent(runtime: JavaRuntime, args: string[]): { command: string; args: string[] } {
  const setpriv = parentDeathWrapper(runtime.env);
  if (!setpriv) return { command: runtime.java, args };
  return { command: setpriv, args: ['--pdeathsig', 'KILL', '--', runtime.java, ...args] };
}

const knowsPdeathsig = new Map<string, boolean>();

/** setpriv if present and new enough to know --pdeathsig (util-linux 2.33+); checked once per path. */
function parentDeathWrapper(env: Env): string | undefined {
  const setpriv = process.platform === 'linux' ? findExecutable('setpriv', env) : undefined;
  if (!setpriv) return undefined;
  if (!knowsPdeathsig.has(setpriv)) {
    let usable = false;
    try {
      usable = execFileSync(setpriv, ['--help'], { encoding: 'utf8' }).includes('--pdeathsig');
    } catch {
      usable = false;
    }
    knowsPdeathsig.set(setpriv, usable);
  }
  return knowsPdeathsig.get(setpriv) ? setpriv : undefined;
}
