/**
 * The gateway under test, in a process of its own (long-lesson/gateway-process.js: the real
 * createGateway) so that its CPU and memory are its own: CPU from /proc/<pid>/stat over a window,
 * memory as RSS after a full garbage collection (what it holds, not what it has yet to free).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { exited, nextMessage } from '../child-process.js';
import { coresSince } from '../e2e/load-sampler.js';
import type { ChildMessage, GatewayStats, MemorySample, ParentMessage } from '../long-lesson/child-messages.js';

export interface GatewayChild {
  readonly url: string;
  readonly pid: number;
  /** RSS in MB once the gateway has collected its garbage. */
  collectedRssMb(): Promise<number>;
  /** Its sessions, and the frames they sent and skipped (back-pressure: a slow socket jumps to a newer keyframe). */
  stats(): Promise<GatewayStats>;
  /** CPU time the gateway used since `cpuMark()` was taken, in cores (CPU seconds per wall second). */
  cpuMark(): () => number;
  stop(): Promise<void>;
}

const CHILD = new URL('../long-lesson/gateway-process.js', import.meta.url);
// Memory is only read after a collection (on request): no periodic samples in between.
const NO_PERIODIC_SAMPLES_MS = 24 * 3600_000;

export async function startGatewayChild(brokers: string[]): Promise<GatewayChild> {
  // The gateway as shipped (its default join limits): a class of 500 fits the default 1000, and
  // joins from the server's own 127.0.0.1 are not rate-limited per address.
  const child: ChildProcess = fork(CHILD, [JSON.stringify({ brokers, sampleMs: NO_PERIODIC_SAMPLES_MS, defaultLimits: true })], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = async () => {
    const gone = exited(child, 10_000);
    if (child.connected) child.send({ type: 'finish' } satisfies ParentMessage);
    await gone;
  };
  try {
    const { url } = await nextMessage<ChildMessage, 'ready'>(child, 'ready');
    return {
      url,
      pid: child.pid!,
      async collectedRssMb() {
        const sample = nextMessage<ChildMessage, 'memory'>(child, 'memory');
        child.send({ type: 'gc' } satisfies ParentMessage);
        return ((await sample) as MemorySample).rssMb;
      },
      async stats() {
        const stats = nextMessage<ChildMessage, 'gateway-stats'>(child, 'gateway-stats');
        child.send({ type: 'stats' } satisfies ParentMessage);
        return stats;
      },
      cpuMark: () => coresSince([child.pid!]),
      stop,
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}
