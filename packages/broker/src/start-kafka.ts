/**
 * startKafka: the embedded Kafka cluster (1 or 3 KRaft nodes on loopback) that classcast uses by
 * default and in every test. Fetches the jars if needed, lays out and formats the data dir,
 * starts the JVMs and resolves once every node answers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assertNotSecured, type BrokerSecurity, type ClusterSecurity } from './broker-security.js';
import { planCluster, recordFormatted, writeNodeFiles, type ExtraProperties } from './cluster-layout.js';
import { DEFAULT_KAFKA_VERSION, type Env } from './env-paths.js';
import { fetchKafkaJars } from './fetch-kafka-jars.js';
import type { JavaRuntime } from './java-command.js';
import { DEFAULT_START_TIMEOUT_MS, KafkaNodeProcess, startFailure, type KafkaNode } from './kafka-node.js';
import { forgetDir, removeOnExit } from './process-reaper.js';
import { reportDownloadsOnStderr, type ProgressListener } from './progress.js';
import { requireJava } from './required-tools.js';
import { prepareSecureLaunch } from './secure-cluster.js';
import { formatStorage } from './storage-format.js';
import { waitForCluster, type ProbeCredentials } from './wait-for-cluster.js';

export type KafkaNodeCount = 1 | 3;

export interface StartKafkaOptions {
  /** 1 (the default) or 3 nodes, each a combined broker+controller. */
  nodes?: KafkaNodeCount;
  /** Where the nodes keep their data. Default: a fresh temp dir, removed by stop(). A dir given
   *  here is kept, and started again with its data next time. */
  dataDir?: string;
  kafkaVersion?: string;
  /** Env for PATH/JAVA_HOME lookup, the cache location and the JVMs. Default process.env. */
  env?: Env;
  /** Added to (and overriding) each node's server.properties, e.g. SASL/TLS listeners. */
  extraProperties?: ExtraProperties;
  /** Extra JVM flags after the defaults (-Xmx512m, G1). */
  jvmOptions?: string[];
  /** Default: only the one-time jar download is reported, on stderr. */
  onProgress?: ProgressListener;
  startTimeoutMs?: number;
  /**
   * SCRAM-SHA-256 on a SASL_PLAINTEXT client listener (plus SASL_SSL with `tls`), ACLs enforced
   * by StandardAuthorizer, nothing allowed without an ACL except to the admin; with `oidc`, school
   * sign-in tokens (OAUTHBEARER) too. See docs/SECURITY.md.
   */
  security?: BrokerSecurity;
}

export interface KafkaCluster {
  /** 'host:port' of every node, for kafkajs `brokers`. */
  bootstrapServers: string[];
  nodes: KafkaNode[];
  clusterId: string;
  dataDir: string;
  /** How clients log in and which servers speak TLS; undefined for an open cluster. */
  security?: ClusterSecurity;
  /** Stops every node and removes the data dir unless the caller gave it. Leaves no JVM behind. */
  stop(): Promise<void>;
}

export function startKafka(options: StartKafkaOptions = {}): Promise<KafkaCluster> {
  return launchCluster(options, { detached: false });
}

interface LaunchedCluster extends KafkaCluster {
  /** Detached mode: from now on the JVMs outlive this process (call once they are recorded). */
  release(): void;
}

export interface LaunchMode {
  detached: boolean;
  /** Which nodes to start (default all): `broker up` after a partial crash starts only the dead ones. */
  startNodes?: number[];
}

/** startKafka, optionally with JVMs that can outlive this process (for `classcast broker up`). */
export async function launchCluster(options: StartKafkaOptions, { detached, startNodes }: LaunchMode): Promise<LaunchedCluster> {
  const env = options.env ?? process.env;
  const nodeCount = options.nodes ?? 1;
  if (nodeCount !== 1 && nodeCount !== 3) throw new RangeError(`nodes must be 1 or 3, not ${String(nodeCount)}`);
  const kafkaVersion = options.kafkaVersion ?? DEFAULT_KAFKA_VERSION;
  const onProgress = options.onProgress ?? reportDownloadsOnStderr;

  const java = await requireJava(env);
  const libsDir = await fetchKafkaJars({ kafkaVersion, env, onProgress });
  const runtime: JavaRuntime = { java: java.path, javaVersion: java.version, libsDir, env };
  const dataDir = await openDataDir(options.dataDir, detached);

  let nodes: KafkaNodeProcess[] = [];
  try {
    if (!options.security) assertNotSecured(dataDir.path);
    const plan = await planCluster(dataDir.path, nodeCount, {
      tlsPorts: options.security?.tls !== undefined,
      ...(startNodes ? { startingNodes: startNodes } : {}),
    });
    const secure = options.security && (await prepareSecureLaunch(dataDir.path, options.security, plan.needsFormat));
    await writeNodeFiles(plan, secure ? secure.nodeProperties(options.extraProperties) : options.extraProperties);
    await secure?.protectNodeFiles(plan.nodes);
    if (plan.needsFormat) {
      onProgress({ stage: 'format', message: `formatting ${nodeCount} Kafka node(s) in ${dataDir.path}` });
      await Promise.all(plan.nodes.map((node) => formatStorage(runtime, node, plan.clusterId, secure?.formatArgs)));
    }
    await recordFormatted(dataDir.path, plan, kafkaVersion); // also keeps ports new to an older data dir
    const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    const jvmOptions = [...(secure?.jvmOptions ?? []), ...(options.jvmOptions ?? [])];
    const launch = { runtime, jvmOptions, detached, startTimeoutMs, ...(secure ? { credentials: secure.credentials } : {}) };
    nodes = plan.nodes.map((node) => new KafkaNodeProcess(node, launch));
    onProgress({ stage: 'start', message: `starting Kafka ${kafkaVersion} (${nodeCount} node(s)${secure ? ', secured' : ''})` });
    const starting = startNodes ? nodes.filter((node) => startNodes.includes(node.nodeId)) : nodes;
    await startAll(starting, startTimeoutMs, onProgress, secure?.credentials);
    await secure?.afterStart(runtime, nodes);
    return clusterHandle(nodes, plan.clusterId, dataDir, secure?.describe(nodes));
  } catch (error) {
    await Promise.all(nodes.map((node) => node.kill()));
    await dataDir.remove();
    throw error;
  }
}

interface DataDir {
  path: string;
  /** True for the temp dir made here; a caller's dir is theirs to keep. */
  owned: boolean;
  remove(): Promise<void>;
}

async function openDataDir(given: string | undefined, detached: boolean): Promise<DataDir> {
  if (given !== undefined) return { path: path.resolve(given), owned: false, remove: async () => undefined };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'classcast-kafka-'));
  if (!detached) removeOnExit(dir);
  return {
    path: dir,
    owned: true,
    async remove() {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
      forgetDir(dir);
    },
  };
}

/** Spawns every JVM at once (they elect a controller together), then waits for all of them. */
async function startAll(nodes: KafkaNodeProcess[], timeoutMs: number, onProgress: ProgressListener, credentials?: ProbeCredentials): Promise<void> {
  const started = Date.now();
  for (const node of nodes) node.spawn();
  const bootstrapServers = nodes.map((node) => node.bootstrapServer);
  const result = await waitForCluster({
    bootstrapServers,
    nodeIds: nodes.map((node) => node.nodeId),
    timeoutMs,
    ...(credentials ? { credentials } : {}),
    failFast: () => nodes.map((node) => node.exitReason).find((reason) => reason !== undefined),
  });
  if (!result.ready) throw startFailure(result.reason, nodes);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  onProgress({ stage: 'ready', message: `Kafka ready on ${bootstrapServers.join(',')} in ${seconds} s` });
}

function clusterHandle(nodes: KafkaNodeProcess[], clusterId: string, dataDir: DataDir, security: ClusterSecurity | undefined): LaunchedCluster {
  return {
    bootstrapServers: nodes.map((node) => node.bootstrapServer),
    nodes,
    clusterId,
    dataDir: dataDir.path,
    ...(security ? { security } : {}),
    release: () => nodes.forEach((node) => node.release()),
    async stop() {
      // A temp data dir is deleted right after, so a clean Kafka shutdown buys nothing and costs
      // ~6 s on 3 nodes (the raft leader waits for a successor): kill those nodes, except one that
      // writes the class-data archive at its clean exit.
      await Promise.all(nodes.map((node) => (dataDir.owned && !node.writesArchive ? node.kill() : node.stop())));
      await dataDir.remove();
    },
  };
}
