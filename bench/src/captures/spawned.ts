/**
 * Processes the capture recorder starts (Xvfb, xterm, Chromium, ffmpeg, xdotool): each is
 * remembered by its own child handle and stopped by that handle only, never by name, since other
 * people's runs share the machine.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface Spawned {
  child: ChildProcess;
  stderr(): string;
  /** Resolves with the exit code (or -1 for a signal) once the process has ended. */
  exited: Promise<number>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has gone. */
  stop(graceMs?: number): Promise<void>;
}

export function start(command: string, args: readonly string[], options: SpawnOptions = {}): Spawned {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number>((resolve) => {
    child.on('error', (error) => {
      stderr += String(error);
      resolve(-1);
    });
    child.on('exit', (code) => resolve(code ?? -1));
  });
  return {
    child,
    stderr: () => stderr.trim(),
    exited,
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a command to its end; rejects with its stderr when it fails. */
export async function run(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<void> {
  const spawned = start(command, args, options);
  const code = await spawned.exited;
  if (code !== 0) throw new Error(`${command} ${args.slice(0, 3).join(' ')}… exited with ${code}: ${spawned.stderr()}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
