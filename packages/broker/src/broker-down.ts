/** `classcast broker down`: stops the detached broker recorded in the state dir. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { isRecordedNodeAlive, readBrokerState, removeBrokerState } from './broker-state.js';
import { defaultStateDir, type Env } from './env-paths.js';
import { DEFAULT_STOP_TIMEOUT_MS } from './kafka-node.js';
import { terminate } from './process-table.js';

export interface BrokerDownOptions {
  stateDir?: string;
  env?: Env;
  /** Grace period for a clean Kafka shutdown before SIGKILL. */
  timeoutMs?: number;
  /** Also delete the broker's data (topics, recorded lessons). Default false. */
  removeData?: boolean;
}

export interface BrokerDownResult {
  /** False when no broker was recorded or its JVMs were already gone. */
  wasRunning: boolean;
  stoppedPids: number[];
  dataDir: string | undefined;
}

export async function brokerDown(options: BrokerDownOptions = {}): Promise<BrokerDownResult> {
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir(options.env ?? process.env));
  const state = await readBrokerState(stateDir);
  if (!state) return { wasRunning: false, stoppedPids: [], dataDir: undefined };
  const pids = state.nodes.filter(isRecordedNodeAlive).map((node) => node.pid);
  await terminate(pids, options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
  await removeBrokerState(stateDir);
  if (options.removeData) await rm(state.dataDir, { recursive: true, force: true });
  return { wasRunning: pids.length > 0, stoppedPids: pids, dataDir: state.dataDir };
}
