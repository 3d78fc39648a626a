/** `classcast broker status`: are the recorded JVMs alive, and does the broker answer? */
import path from 'node:path';
import { recordedClusterSecurity, type ClusterSecurity } from './broker-security.js';
import { isRecordedNodeAlive, readBrokerState, stateFile } from './broker-state.js';
import { defaultStateDir, type Env } from './env-paths.js';
import { describeCluster } from './wait-for-cluster.js';

export interface BrokerStatusOptions {
  stateDir?: string;
  env?: Env;
  timeoutMs?: number;
}

export interface BrokerNodeStatus {
  nodeId: number;
  pid: number;
  port: number;
  alive: boolean;
}

export interface BrokerStatus {
  /** A state file exists (`broker up` ran and no `broker down` since). */
  recorded: boolean;
  /** At least one recorded JVM is alive. */
  running: boolean;
  /** describeCluster answered and listed every recorded node. */
  answering: boolean;
  bootstrapServers: string[];
  dataDir: string | undefined;
  stateFile: string;
  nodes: BrokerNodeStatus[];
  /** Node ids that describeCluster listed (empty when it did not answer). */
  brokersSeen: number[];
  /** How to log in, when the recorded broker is secured. */
  security?: ClusterSecurity;
}

export async function brokerStatus(options: BrokerStatusOptions = {}): Promise<BrokerStatus> {
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir(options.env ?? process.env));
  const state = await readBrokerState(stateDir);
  const nodes = (state?.nodes ?? []).map((node) => ({ nodeId: node.nodeId, pid: node.pid, port: node.port, alive: isRecordedNodeAlive(node) }));
  const running = nodes.some((node) => node.alive);
  let brokersSeen: number[] = [];
  const security = state?.security && (await recordedClusterSecurity(state.security, state.bootstrapServers).catch(() => undefined));
  if (state && running) {
    const credentials = security && { username: security.adminUser, password: security.adminPassword };
    brokersSeen = await describeCluster(state.bootstrapServers, options.timeoutMs ?? 3000, credentials).then(
      (description) => description.brokers,
      () => [],
    );
  }
  return {
    recorded: state !== undefined,
    running,
    answering: nodes.length > 0 && nodes.every((node) => brokersSeen.includes(node.nodeId)),
    bootstrapServers: state?.bootstrapServers ?? [],
    dataDir: state?.dataDir,
    stateFile: stateFile(stateDir),
    nodes,
    brokersSeen,
    ...(security ? { security } : {}),
  };
}
