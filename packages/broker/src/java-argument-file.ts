/**
 * Runs a Kafka tool whose arguments carry secrets (SCRAM passwords) without putting them on its
 * command line, where `ps` and /proc/<pid>/cmdline show them to every user of the machine. The
 * main class and its arguments go into a JVM argument file (`java @file`, Java 9+; the launcher
 * reads it before main runs), mode 0600 in the caller's private dir, deleted once the tool exits.
 * The command line then shows only `@<dir>/<main class>.<n>.args`. Kafka's tools cannot read
 * their own arguments from a file (StorageTool has no such option), so the launcher does it.
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { javaArgs, type JavaRuntime } from './java-command.js';
import { runCommand, type CommandResult } from './run-command.js';

export interface SecretArgsRun {
  runtime: JavaRuntime;
  jvmOptions: string[];
  mainClass: string;
  args: string[];
  /** Where the argument file (mode 0600) lives while the tool runs: a dir of this user's. */
  dir: string;
  cwd?: string;
}

export async function runJavaWithSecretArgs(run: SecretArgsRun): Promise<CommandResult> {
  const file = path.join(run.dir, `${run.mainClass}.${randomBytes(6).toString('hex')}.args`);
  await writeFile(file, [run.mainClass, ...run.args].map(quoteArgument).join('\n') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    // -XX:-UsePerfData: no hsperfdata file, where `jps -m` would read the expanded arguments.
    const args = javaArgs(run.runtime, [...run.jvmOptions, '-XX:-UsePerfData'], `@${file}`, []);
    return await runCommand(run.runtime.java, args, { env: run.runtime.env, ...(run.cwd ? { cwd: run.cwd } : {}) });
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * Double quotes with backslash escapes, the argument-file syntax of the java launcher: unquoted,
 * a '#' would start a comment and a "'" a quote, and both are allowed in passwords.
 */
export function quoteArgument(argument: string): string {
  const escaped = argument.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
  return `"${escaped}"`;
}
