/**
 * Looks at and signals processes by pid, including ones this process did not spawn (a detached
 * broker started by an earlier `classcast broker up`). Linux details come from /proc; elsewhere
 * the answers degrade to what `kill(pid, 0)` can tell.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { pollUntil } from '@classcast/protocol';

const POLL_MS = 100;
const KILL_WAIT_MS = 10_000;

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // "pid (comm) S ...": the state letter follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS) or it vanished just now; kill(0) said it was there
  }
}

/** The process's argv, or undefined when it is gone or /proc is not available. */
export function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((arg) => arg.length > 0);
  } catch {
    return undefined;
  }
}

/** Live processes whose command line contains `text` (Linux only; empty elsewhere). */
export function processesMentioning(text: string): Array<{ pid: number; commandLine: string[] }> {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: Array<{ pid: number; commandLine: string[] }> = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const args = commandLine(pid);
    if (args?.some((arg) => arg.includes(text)) && isAlive(pid)) found.push({ pid, commandLine: args });
  }
  return found;
}

export async function waitForExit(pids: number[], timeoutMs: number): Promise<boolean> {
  return (await pollUntil(() => !pids.some(isAlive), { intervalMs: POLL_MS, timeoutMs })) === true;
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** SIGTERM, wait up to `graceMs` for a clean shutdown, then SIGKILL whatever is left. */
export async function terminate(pids: number[], graceMs: number): Promise<void> {
  const alive = pids.filter(isAlive);
  for (const pid of alive) signal(pid, 'SIGTERM');
  if (await waitForExit(alive, graceMs)) return;
  await killNow(alive);
}

export async function killNow(pids: number[]): Promise<void> {
  for (const pid of pids.filter(isAlive)) signal(pid, 'SIGKILL');
  await waitForExit(pids, KILL_WAIT_MS);
}
