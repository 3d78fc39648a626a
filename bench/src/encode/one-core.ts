/**
 * Encoder speed on one core, taken literally: classcast's encoder alone in a child process that
 * taskset pins to one CPU (see one-core-process.ts). The two-lane run beside it counts CPU time
 * of the whole process, which also holds the baseline encoder, the students' compositors and the
 * scenario renderer, whose garbage collection and sharp threads run during its encodes too.
 */
import { execFileSync, fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { exited, nextMessage } from '../child-process.js';
import type { ScenarioName } from '../scenarios/index.js';
import type { Summary } from '../stats.js';

const CHILD = fileURLToPath(new URL('./one-core-process.js', import.meta.url));

export interface OneCoreConfig {
  scenario: ScenarioName;
  frames: number;
}

export interface OneCoreReport {
  type: 'report';
  frames: number;
  /** Frames per second of encode time (encode + refresh), pinned to one CPU. */
  fps: number;
  encodeMs: Summary;
}

type OneCoreMessage = OneCoreReport | { type: 'failed'; message: string };

/** Undefined when this machine has no taskset (util-linux) to pin the process with. */
export async function measureOneCore(config: OneCoreConfig): Promise<(OneCoreReport & { cpu: number }) | undefined> {
  if (!hasTaskset()) return undefined;
  const cpu = pinnedCpu();
  const child = fork(CHILD, [JSON.stringify(config)], {
    execPath: 'taskset',
    execArgv: ['-c', String(cpu), process.execPath],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    return { ...(await nextMessage<OneCoreMessage, 'report'>(child, 'report')), cpu };
  } finally {
    await exited(child, 5000);
  }
}

/** The last CPU: the parent (which only waits) and the shell tend to run on the first. */
export const pinnedCpu = () => os.cpus().length - 1;

export function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
