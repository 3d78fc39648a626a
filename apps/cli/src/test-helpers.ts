/** Runs the built classcast command as a child process, as a user would (tests only). */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface Run {
  /** The child's process id (to read its memory from /proc). */
  pid: number;
  stdout: string;
  stderr: string;
  exit: Promise<number>;
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
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
  const run: Run = {
    pid: child.pid!,
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1))),
    kill: (signal = 'SIGINT') => void child.kill(signal),
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
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return run;
}

/** Runs classcast against `brokers` and returns its stderr; throws with that stderr if it fails. */
export async function classcastOk(args: string[], brokers: string): Promise<string> {
  const run = classcast([...args, '--brokers', brokers]);
  const code = await run.exit;
  if (code !== 0) throw new Error(`classcast ${args.join(' ')} exited ${code}: ${run.stderr}`);
  return run.stderr;
}

/** The first address a running `classcast gateway` printed under "Students open:". */
export async function printedGatewayUrl(run: Run): Promise<string> {
  const pattern = /Students open:\n\s+(\S+)/;
  await run.waitForOutput(pattern, 30_000);
  return pattern.exec(run.stderr)![1]!;
}
