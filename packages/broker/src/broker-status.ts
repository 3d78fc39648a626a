/** `classcast broker status`: which recorded nodes serve, and can the cluster take writes? */
import path from 'node:path';
import { readFetchSessionStats, type FetchSessionStats } from './broker-metrics.js';
import { recordedClusterSecurity, type ClusterSecurity } from './broker-security.js';
import { isRecordedNodeAlive, readBrokerState, stateFile } from './broker-state.js';
import { defaultStateDir, type Env } from './env-paths.js';
import { LOOPBACK } from './free-port.js';
import { nodeAnswers } from './node-probe.js';
import { describeCluster } from './wait-for-cluster.js';

export interface BrokerStatusOptions {
  stateDir?: string;
  env?: Env;
  timeoutMs?: number;
  /**
   * Also read each serving node's fetch session cache (JMX, about 1 s more; left out when the
   * counters cannot be read, e.g. without a JDK). Not for the quick look a command makes before connecting.
   */
  fetchSessions?: boolean;
}

export interface BrokerNodeStatus {
  nodeId: number;
  pid: number;
  port: number;
  /** The recorded JVM exists (it may still be hung, e.g. stopped with SIGSTOP). */
  alive: boolean;
  /** It answered a request on its own port just now. */
  serving: boolean;
  /** With `fetchSessions`, for a serving node: a cache as full as its slots sends new Java clients to full fetches. */
  fetchSessions?: FetchSessionStats;
}

export interface BrokerStatus {
  /** A state file exists (`broker up` ran and no `broker down` since). */
  recorded: boolean;
  /** At least one recorded JVM is alive. */
  running: boolean;
  /** Every recorded node serves. */
  answering: boolean;
  /**
   * Enough nodes serve for the cluster to take writes: a majority of the controllers, which on
   * 3 nodes is also what acks=all needs with min.insync.replicas=2.
   */
  writable: boolean;
  /** One line on what clients can do now, e.g. "cannot take writes: 2 of 3 nodes down (…)". */
  summary: string;
  bootstrapServers: string[];
  dataDir: string | undefined;
  stateFile: string;
  nodes: BrokerNodeStatus[];
  /** Node ids that the cluster's metadata lists (empty when no node answered). */
  brokersSeen: number[];
  /** How to log in, when the recorded broker is secured. */
  security?: ClusterSecurity;
}

export async function brokerStatus(options: BrokerStatusOptions = {}): Promise<BrokerStatus> {
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir(options.env ?? process.env));
  const state = await readBrokerState(stateDir);
  const security = state?.security && (await recordedClusterSecurity(state.security, state.bootstrapServers).catch(() => undefined));
  const credentials = security && { username: security.adminUser, password: security.adminPassword };
  const timeoutMs = options.timeoutMs ?? 3000;
  // Each node is asked on its own port: with the controller quorum lost, a survivor's metadata
  // still lists the dead nodes (nobody fences them), so the cluster's own list cannot tell.
  const nodes = await Promise.all(
    (state?.nodes ?? []).map(async (node): Promise<BrokerNodeStatus> => {
      const alive = isRecordedNodeAlive(node);
      const serving = alive && (await nodeAnswers(LOOPBACK, node.port, timeoutMs));
      return { nodeId: node.nodeId, pid: node.pid, port: node.port, alive, serving };
    }),
  );
  if (options.fetchSessions) await addFetchSessions(nodes, options.env);
  const servers = nodes.filter((node) => node.serving).map((node) => `${LOOPBACK}:${node.port}`);
  const brokersSeen =
    servers.length === 0
      ? []
      : await describeCluster(servers, timeoutMs, credentials).then(
          (d) => d.brokers,
          () => [],
        );
  const serving = nodes.filter((node) => node.serving).length;
  const writable = nodes.length > 0 && serving > nodes.length / 2;
  return {
    recorded: state !== undefined,
    running: nodes.some((node) => node.alive),
    answering: nodes.length > 0 && serving === nodes.length,
    writable,
    summary: statusSummary(nodes, writable),
    bootstrapServers: state?.bootstrapServers ?? [],
    dataDir: state?.dataDir,
    stateFile: stateFile(stateDir),
    nodes,
    brokersSeen,
    ...(security ? { security } : {}),
  };
}

/** Only serving nodes: attaching to a hung (SIGSTOPped) JVM would wait out the attach timeout. */
async function addFetchSessions(nodes: BrokerNodeStatus[], env: Env | undefined): Promise<void> {
  const serving = nodes.filter((node) => node.serving);
  const stats = await readFetchSessionStats({ nodes: serving }, env).catch(() => new Map<number, FetchSessionStats>());
  for (const node of serving) {
    const nodeStats = stats.get(node.nodeId);
    if (nodeStats) node.fetchSessions = nodeStats;
  }
}

function statusSummary(nodes: BrokerNodeStatus[], writable: boolean): string {
  if (nodes.length === 0) return 'not running';
  const down = nodes.filter((node) => !node.serving);
  if (down.length === 0) return `takes writes: all ${nodes.length} node(s) serve`;
  const which = `node(s) ${down.map((node) => node.nodeId).join(', ')} of ${nodes.length} not serving`;
  if (writable) return `takes writes: ${which} (start them again with classcast broker up)`;
  if (down.length === nodes.length) return `cannot take writes: no node serves (start them again with classcast broker up)`;
  return `cannot take writes: ${which}; a majority must serve (acks=all with min.insync.replicas=2, and the controller quorum): classcast broker up`;
}
