/**
 * The state file of a detached broker (`classcast broker up`): which JVMs run where, so that a
 * later `broker down` or `broker status` in another process can find them.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecordedSecurity } from './broker-security.js';
import { commandLine, isAlive } from './process-table.js';

export interface BrokerStateNode {
  nodeId: number;
  pid: number;
  port: number;
  controllerPort: number;
  /** The node's dir; its path is in the JVM's command line, which tells our JVM from a reused pid. */
  dir: string;
}

export interface BrokerState {
  version: 1;
  kafkaVersion: string;
  clusterId: string;
  bootstrapServers: string[];
  dataDir: string;
  nodes: BrokerStateNode[];
  startedAt: string;
  /** Present when the broker was started secured (`broker up --secure`). */
  security?: RecordedSecurity;
}

export function stateFile(stateDir: string): string {
  return path.join(stateDir, 'broker.json');
}

export async function readBrokerState(stateDir: string): Promise<BrokerState | undefined> {
  const file = stateFile(stateDir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as BrokerState;
  } catch {
    return undefined; // a torn or hand-edited file: treat as no broker recorded
  }
}

/** Written to a temp name and renamed, so a reader never sees half a file. */
export async function writeBrokerState(stateDir: string, state: BrokerState): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const partial = `${stateFile(stateDir)}.${process.pid}.tmp`;
  await writeFile(partial, JSON.stringify(state, null, 2) + '\n');
  await rename(partial, stateFile(stateDir));
}

export async function removeBrokerState(stateDir: string): Promise<void> {
  await rm(stateFile(stateDir), { force: true });
}

/** Alive and still our Kafka JVM (not a later process that got the same pid). */
export function isRecordedNodeAlive(node: BrokerStateNode): boolean {
  if (!isAlive(node.pid)) return false;
  const args = commandLine(node.pid);
  return args === undefined || args.some((arg) => arg.startsWith(node.dir));
}
