/**
 * `classcast broker up`: starts the embedded Kafka detached from the calling process, so the
 * command can exit and the broker keeps running, and records it in the state dir. Its data dir is
 * kept, with each node's ports, so recorded lessons survive `down` and `up` and clients reconnect.
 */
import path from 'node:path';
import { recordedClusterSecurity, recordSecurity, type ClusterSecurity } from './broker-security.js';
import { isRecordedNodeAlive, readBrokerState, stateFile, writeBrokerState, type BrokerState } from './broker-state.js';
import { BrokerError } from './errors.js';
import { DEFAULT_KAFKA_VERSION, defaultStateDir } from './env-paths.js';
import { launchCluster, type KafkaNodeCount, type StartKafkaOptions } from './start-kafka.js';

export interface BrokerUpOptions extends StartKafkaOptions {
  /** Where the state file lives. Default `~/.cache/classcast/run` (see cacheRoot). */
  stateDir?: string;
  /** Default `<stateDir>/data/<nodes>-node` (`…-node-secure` with security), kept across down/up. */
  dataDir?: string;
  /** Start only this node of the recorded cluster (`classcast broker start --node N`). */
  onlyNode?: number;
}

export interface BrokerUpResult {
  /** True when every node asked for was already running: nothing was started, `state` is that broker's. */
  alreadyRunning: boolean;
  /** The nodes started now (all of them on a first start or after `down`; the dead ones otherwise). */
  startedNodes: number[];
  bootstrapServers: string[];
  /** How to log in, for a secured broker. */
  security?: ClusterSecurity;
  state: BrokerState;
  stateFile: string;
}

/**
 * Starts what is not running of the embedded cluster. A recorded cluster comes back as it was
 * (its nodes, data dir and ports, which every client started before knows), whether all of its
 * nodes died or some.
 */
export async function brokerUp(options: BrokerUpOptions = {}): Promise<BrokerUpResult> {
  const env = options.env ?? process.env;
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir(env));
  const existing = await readBrokerState(stateDir);
  const dead = (existing?.nodes ?? []).filter((node) => !isRecordedNodeAlive(node)).map((node) => node.nodeId);
  const wanted = options.onlyNode === undefined ? undefined : [requireRecordedNode(existing, options.onlyNode)];
  const startNodes = wanted ?? (existing ? dead : undefined);
  if (existing && startNodes!.every((id) => !dead.includes(id))) {
    const security = existing.security && (await recordedClusterSecurity(existing.security, existing.bootstrapServers));
    return {
      alreadyRunning: true,
      startedNodes: [],
      bootstrapServers: existing.bootstrapServers,
      ...(security ? { security } : {}),
      state: existing,
      stateFile: stateFile(stateDir),
    };
  }
  if (existing?.security && !options.security) {
    throw new BrokerError(
      'CC_BROKER_SECURITY_MISMATCH',
      `the embedded cluster in ${existing.dataDir} was started with --secure: bring it back with classcast broker up --secure (and the same --users-file)`,
    );
  }

  // A recorded cluster keeps its node count; `--nodes` only chooses for a first start.
  const nodes = (existing?.nodes.length as KafkaNodeCount | undefined) ?? options.nodes ?? 1;
  // A secured cluster gets its own default dir: the same dir cannot be started both ways.
  const dataDir = existing?.dataDir ?? path.resolve(options.dataDir ?? path.join(stateDir, 'data', `${nodes}-node${options.security ? '-secure' : ''}`));
  const cluster = await launchCluster({ ...options, nodes, dataDir }, { detached: true, ...(startNodes ? { startNodes } : {}) });
  const started = startNodes ?? cluster.nodes.map((node) => node.nodeId);
  const state: BrokerState = {
    version: 1,
    kafkaVersion: options.kafkaVersion ?? DEFAULT_KAFKA_VERSION,
    clusterId: cluster.clusterId,
    bootstrapServers: cluster.bootstrapServers,
    dataDir,
    nodes: cluster.nodes.map((node) => ({
      nodeId: node.nodeId,
      // A node left running keeps its recorded pid; a started one has its new JVM's.
      pid: started.includes(node.nodeId) ? (node.pid ?? -1) : (existing?.nodes.find((old) => old.nodeId === node.nodeId)?.pid ?? -1),
      port: node.port,
      controllerPort: node.controllerPort,
      dir: node.dir,
    })),
    startedAt: existing?.startedAt ?? new Date().toISOString(),
    ...(cluster.security ? { security: recordSecurity(cluster.security) } : {}),
  };
  await writeBrokerState(stateDir, state);
  cluster.release();
  return {
    alreadyRunning: false,
    startedNodes: started,
    bootstrapServers: state.bootstrapServers,
    ...(cluster.security ? { security: cluster.security } : {}),
    state,
    stateFile: stateFile(stateDir),
  };
}

function requireRecordedNode(state: BrokerState | undefined, nodeId: number): number {
  if (!state) throw new BrokerError('CC_BROKER_UNKNOWN_NODE', `no embedded cluster is recorded: start it with classcast broker up`);
  if (!state.nodes.some((node) => node.nodeId === nodeId)) {
    const ids = state.nodes.map((node) => node.nodeId).join(', ');
    throw new BrokerError('CC_BROKER_UNKNOWN_NODE', `the embedded cluster has no node ${nodeId} (its nodes: ${ids})`);
  }
  return nodeId;
}
