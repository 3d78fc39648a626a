import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, waitForExit } from './process-table.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// A process that starts a broker and never stops it, like a test run that crashes or hangs.
const ABANDONING_SCRIPT = `import { startKafka } from '@classcast/broker';
  const cluster = await startKafka({ nodes: 1 });
  console.log(JSON.stringify({ dataDir: cluster.dataDir, pid: cluster.nodes[0].pid }));
  setInterval(() => {}, 1000);`;

async function startAbandoningProcess(): Promise<{ child: ChildProcess; dataDir: string; jvmPid: number }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', ABANDONING_SCRIPT], { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { dataDir, pid } = JSON.parse(line) as { dataDir: string; pid: number };
  return { child, dataDir, jvmPid: pid };
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
}

describe('no JVM outlives the process that started it', () => {
  const leftovers: string[] = [];
  afterEach(async () => {
    await Promise.all(leftovers.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('SIGTERM: the cleanup handler kills the JVM, removes the temp data dir, and the signal still ends the process', async () => {
    const { child, dataDir, jvmPid } = await startAbandoningProcess();
    leftovers.push(dataDir);
    expect(isAlive(jvmPid)).toBe(true);
    const exit = exited(child);
    child.kill('SIGTERM');
    expect(await exit).toBe('SIGTERM');
    expect(await waitForExit([jvmPid], 10_000)).toBe(true);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('SIGKILL: the kernel kills the JVM (parent-death signal), no handler needed', async () => {
    const { child, dataDir, jvmPid } = await startAbandoningProcess();
    leftovers.push(dataDir);
    const exit = exited(child);
    child.kill('SIGKILL');
    await exit;
    expect(await waitForExit([jvmPid], 10_000)).toBe(true);
  });
});
