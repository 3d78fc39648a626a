/**
 * `classcast broker up`: starts the embedded Kafka detached from the calling process, so the
 * command can exit and the broker keeps running, and records it in the state dir. Its data dir is
 * kept, so recorded lessons survive `down` and `up`.
 */
import path from 'node:path';
import { recordedClusterSecurity, recordSecurity, type ClusterSecurity } from './broker-security.js';
import { isRecordedNodeAlive, readBrokerState, removeBrokerState, stateFile, writeBrokerState, type BrokerState } from './broker-state.js';
import { DEFAULT_KAFKA_VERSION, defaultStateDir } from './env-paths.js';
import { launchCluster, type StartKafkaOptions } from './start-kafka.js';

export interface BrokerUpOptions extends StartKafkaOptions {
  /** Where the state file lives. Default `~/.cache/classcast/run` (see cacheRoot). */
  stateDir?: string;
  /** Default `<stateDir>/data/<nodes>-node` (`…-node-secure` with security), kept across down/up. */
  dataDir?: string;
}

export interface BrokerUpResult {
  /** True when a broker was already running: nothing was started, `state` is that broker's. */
  alreadyRunning: boolean;
  bootstrapServers: string[];
  /** How to log in, for a secured broker. */
  security?: ClusterSecurity;
  state: BrokerState;
  stateFile: string;
}

export async function brokerUp(options: BrokerUpOptions = {}): Promise<BrokerUpResult> {
  const env = options.env ?? process.env;
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir(env));
  const existing = await readBrokerState(stateDir);
  if (existing?.nodes.some(isRecordedNodeAlive)) {
    const security = existing.security && (await recordedClusterSecurity(existing.security, existing.bootstrapServers));
    return {
      alreadyRunning: true,
      bootstrapServers: existing.bootstrapServers,
      ...(security ? { security } : {}),
      state: existing,
      stateFile: stateFile(stateDir),
    };
  }
  if (existing) await removeBrokerState(stateDir); // stale: its JVMs are gone (reboot, kill -9)

  const nodes = options.nodes ?? 1;
  // A secured cluster gets its own default dir: the same dir cannot be started both ways.
  const dataDir = path.resolve(options.dataDir ?? path.join(stateDir, 'data', `${nodes}-node${options.security ? '-secure' : ''}`));
  const cluster = await launchCluster({ ...options, nodes, dataDir }, { detached: true });
  const state: BrokerState = {
    version: 1,
    kafkaVersion: options.kafkaVersion ?? DEFAULT_KAFKA_VERSION,
    clusterId: cluster.clusterId,
    bootstrapServers: cluster.bootstrapServers,
    dataDir,
    nodes: cluster.nodes.map((node) => ({
      nodeId: node.nodeId,
      pid: node.pid ?? -1,
      port: node.port,
      controllerPort: node.controllerPort,
      dir: node.dir,
    })),
    startedAt: new Date().toISOString(),
    ...(cluster.security ? { security: recordSecurity(cluster.security) } : {}),
  };
  await writeBrokerState(stateDir, state);
  cluster.release();
  return {
    alreadyRunning: false,
    bootstrapServers: state.bootstrapServers,
    ...(cluster.security ? { security: cluster.security } : {}),
    state,
    stateFile: stateFile(stateDir),
  };
}
