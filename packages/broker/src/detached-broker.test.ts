import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerDown } from './broker-down.js';
import { brokerStatus } from './broker-status.js';
import { brokerUp, type BrokerUpResult } from './broker-up.js';
import { isAlive } from './process-table.js';
import { withAdmin } from './kafka-client-test-helpers.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs brokerUp in a separate Node process that exits afterwards, as `classcast broker up` does. */
async function brokerUpInAnotherProcess(stateDir: string): Promise<BrokerUpResult> {
  const script = `import { brokerUp } from '@classcast/broker';
    process.stdout.write(JSON.stringify(await brokerUp({ nodes: 1, stateDir: ${JSON.stringify(stateDir)} })));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: packageDir });
  return JSON.parse(stdout) as BrokerUpResult;
}

/** Session id (field 6 of /proc/<pid>/stat): a detached JVM leads a session of its own. */
function sessionOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
}

describe('brokerUp / brokerStatus / brokerDown', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'classcast-state-'));
  });

  afterAll(async () => {
    await brokerDown({ stateDir, timeoutMs: 2000 }); // a failed test must not leave the JVM running
    await rm(stateDir, { recursive: true, force: true });
  });

  it('reports nothing before the first up', async () => {
    const status = await brokerStatus({ stateDir });
    expect(status).toMatchObject({ recorded: false, running: false, answering: false, nodes: [] });
  });

  it('starts a detached broker that outlives its process, and refuses politely to start a second one', async () => {
    const up = await brokerUpInAnotherProcess(stateDir);
    expect(up.alreadyRunning).toBe(false);
    expect(up.bootstrapServers).toHaveLength(1);
    const pid = up.state.nodes[0]!.pid;
    expect(isAlive(pid)).toBe(true);
    expect(sessionOf(pid)).not.toBe(sessionOf(process.pid));
    expect(JSON.parse(readFileSync(up.stateFile, 'utf8'))).toMatchObject({ bootstrapServers: up.bootstrapServers, nodes: [{ pid }] });

    const again = await brokerUp({ nodes: 1, stateDir });
    expect(again).toMatchObject({ alreadyRunning: true, bootstrapServers: up.bootstrapServers });
  });

  it('reports a running broker that answers', async () => {
    const status = await brokerStatus({ stateDir });
    expect(status).toMatchObject({ recorded: true, running: true, answering: true, brokersSeen: [1] });
    expect(status.nodes[0]!.alive).toBe(true);
    await withAdmin(status.bootstrapServers, (admin) => admin.createTopics({ topics: [{ topic: 'kept-lesson' }] }));
  });

  it("reads a detached node's fetch session cache by its recorded pid, when asked", async () => {
    const status = await brokerStatus({ stateDir, fetchSessions: true });
    expect(status.nodes[0]!.fetchSessions).toEqual({ incrementalSessions: 0, partitionsCached: 0, evictions: 0 });
    expect((await brokerStatus({ stateDir })).nodes[0]!.fetchSessions).toBeUndefined();
  });

  it('stops it, removes the state, and keeps the data for the next up', async () => {
    const before = await brokerStatus({ stateDir });
    const down = await brokerDown({ stateDir });
    expect(down.wasRunning).toBe(true);
    expect(down.stoppedPids).toEqual(before.nodes.map((node) => node.pid));
    expect(down.stoppedPids.some(isAlive)).toBe(false);
    expect(existsSync(before.stateFile)).toBe(false);
    expect(await brokerStatus({ stateDir })).toMatchObject({ recorded: false, running: false });
    expect(await brokerDown({ stateDir })).toMatchObject({ wasRunning: false, stoppedPids: [] });

    const up = await brokerUp({ nodes: 1, stateDir });
    expect(up.alreadyRunning).toBe(false);
    expect(await withAdmin(up.bootstrapServers, (admin) => admin.listTopics())).toContain('kept-lesson');
    const last = await brokerDown({ stateDir, removeData: true });
    expect(last.wasRunning).toBe(true);
    expect(existsSync(last.dataDir!)).toBe(false);
  });
});
