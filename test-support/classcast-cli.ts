/**
 * Runs the built classcast command (apps/cli/dist) as a child process, as a user would: for the
 * CLI's own tests and for e2e tests that put command-line teachers and students in a lesson.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const BIN = fileURLToPath(new URL('../apps/cli/dist/bin.js', import.meta.url));

export interface Run {
  /** The child's process id (to read its memory from /proc). */
  pid: number;
  stdout: string;
  stderr: string;
  exit: Promise<number>;
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Calls `listener` with each whole line the child writes to stdout from now on, as it arrives. */
  onStdoutLine(listener: (line: string) => void): void;
  /** Sends a signal, as Ctrl-C (SIGINT) would. */
  kill(signal?: NodeJS.Signals): void;
}

const running = new Set<ReturnType<typeof spawn>>();
// A test that fails or times out must not leave its students and teachers running.
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

export function classcast(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, CLASSCAST_BROKERS: '', ...env } });
  running.add(child);
  child.on('exit', () => running.delete(child));
  const lineListeners: Array<(line: string) => void> = [];
  let partialLine = '';
  const run: Run = {
    pid: child.pid!,
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1))),
    kill: (signal = 'SIGINT') => void child.kill(signal),
    onStdoutLine: (listener) => void lineListeners.push(listener),
    waitForOutput(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; stderr:\n${run.stderr}`)), timeoutMs);
        const check = () => {
          if (pattern.test(run.stderr)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stderr.on('data', check);
        check();
      });
    },
  };
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    run.stdout += text;
    const lines = (partialLine + text).split('\n');
    partialLine = lines.pop()!;
    for (const line of lines) for (const listener of lineListeners) listener(line);
  });
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return run;
}
