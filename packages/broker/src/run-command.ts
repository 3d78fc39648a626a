/**
 * Runs a short-lived program (mvn, Kafka's StorageTool) to completion, streaming its output lines
 * to a callback and keeping the last ones for error messages.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Env } from './env-paths.js';

export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Every stdout line, in order (small outputs only: a uuid, a "Formatting..." line). */
  stdout: string[];
  /** The last lines of stdout and stderr interleaved, for error messages. */
  tail: string[];
}

export interface RunCommandOptions {
  cwd?: string;
  env: Env;
  onLine?: (line: string) => void;
  tailLines?: number;
}

export function runCommand(command: string, args: string[], options: RunCommandOptions): Promise<CommandResult> {
  const tailLines = options.tailLines ?? 30;
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const tail: string[] = [];
  const collect = (line: string, fromStdout: boolean) => {
    if (fromStdout && stdout.length < 10_000) stdout.push(line);
    tail.push(line);
    if (tail.length > tailLines) tail.shift();
    options.onLine?.(line);
  };
  createInterface({ input: child.stdout }).on('line', (line) => collect(line, true));
  createInterface({ input: child.stderr }).on('line', (line) => collect(line, false));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    // 'close' (not 'exit') so that every output line has been read.
    child.once('close', (exitCode, signal) => resolve({ exitCode, signal, stdout, tail }));
  });
}
