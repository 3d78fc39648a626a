/**
 * Last-resort cleanup: when this Node process exits or is interrupted, SIGKILL every broker JVM
 * it started (a `broker up` JVM only until it is recorded in the state file) and remove their temp
 * data dirs, so a crashed or Ctrl-C'd test run leaves no JVM behind.
 */
import { rmSync } from 'node:fs';
import { signal } from './process-table.js';

const pids = new Set<number>();
const dirs = new Set<string>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

export function killOnExit(pid: number): void {
  install();
  pids.add(pid);
}

export function forgetPid(pid: number): void {
  pids.delete(pid);
}

export function removeOnExit(dir: string): void {
  install();
  dirs.add(dir);
}

export function forgetDir(dir: string): void {
  dirs.delete(dir);
}

function reapNow(): void {
  for (const pid of pids) signal(pid, 'SIGKILL');
  pids.clear();
  for (const dir of dirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // best effort: the process is going away
    }
  }
  dirs.clear();
}

function onSignal(name: NodeJS.Signals): void {
  // Someone else handles it (Ctrl-C ending a lesson, which still needs its broker to tell the
  // students): let them finish; the 'exit' handler reaps whatever is left when the process ends.
  // Counted first thing (we are the first listener): a `once` handler is gone by the time it ran.
  if (process.listenerCount(name) > 1) return;
  reapNow();
  uninstall();
  // We only wanted to clean up, not to swallow the signal: re-raise it so the default action (exit) happens.
  process.kill(process.pid, name);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', reapNow);
  for (const name of SIGNALS) process.prependListener(name, onSignal);
}

function uninstall(): void {
  installed = false;
  process.off('exit', reapNow);
  for (const name of SIGNALS) process.off(name, onSignal);
}
