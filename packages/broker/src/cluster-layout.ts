/**
 * The on-disk layout of a cluster under its data dir: `node-<id>/` per node with its
 * server.properties, log4j2.xml, logs and Kafka log dir, plus `cluster.json` recording the cluster
 * id once storage is formatted. A data dir given again is started again with its data (new ports
 * are fine: the voters are static config, not stored state).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BrokerError } from './errors.js';
import { findFreePorts, LOOPBACK } from './free-port.js';
import { log4jConfig } from './log4j-config.js';
import { formatProperties, serverProperties, type NodePlan, type ServerProperties } from './server-properties.js';
import { newClusterId } from './storage-format.js';

const LAYOUT_FILE = 'cluster.json';

export type ExtraProperties = ServerProperties | ((node: NodePlan) => ServerProperties);

export interface ClusterPlan {
  clusterId: string;
  nodes: NodePlan[];
  /** False when the data dir already holds this cluster's formatted storage. */
  needsFormat: boolean;
}

interface LayoutRecord {
  clusterId: string;
  nodes: number;
  kafkaVersion: string;
}

export function serverLogFile(node: Pick<NodePlan, 'dir'>): string {
  return path.join(node.dir, 'server.log');
}

export function consoleLogFile(node: Pick<NodePlan, 'dir'>): string {
  return path.join(node.dir, 'console.log');
}

export async function planCluster(dataDir: string, nodeCount: number, { tlsPorts = false } = {}): Promise<ClusterPlan> {
  const existing = await readLayout(dataDir);
  if (existing && existing.nodes !== nodeCount) {
    throw new BrokerError(
      'CC_BROKER_DATA_DIR_MISMATCH',
      `${dataDir} holds a ${existing.nodes}-node Kafka cluster, not ${nodeCount} nodes: use another data dir or delete it`,
    );
  }
  const perNode = tlsPorts ? 3 : 2;
  const ports = await findFreePorts(nodeCount * perNode);
  const nodes = Array.from({ length: nodeCount }, (_, index): NodePlan => {
    const dir = path.join(dataDir, `node-${index + 1}`);
    const [port, controllerPort, tlsPort] = ports.slice(index * perNode, (index + 1) * perNode);
    return {
      nodeId: index + 1,
      host: LOOPBACK,
      port: port!,
      controllerPort: controllerPort!,
      ...(tlsPort ? { tlsPort } : {}),
      dir,
      logDir: path.join(dir, 'data'),
    };
  });
  return { clusterId: existing?.clusterId ?? newClusterId(), nodes, needsFormat: !existing };
}

/** Writes each node's server.properties and log4j2.xml (rewritten on every start: ports change). */
export async function writeNodeFiles(plan: ClusterPlan, extra: ExtraProperties = {}): Promise<void> {
  await Promise.all(
    plan.nodes.map(async (node) => {
      await mkdir(node.logDir, { recursive: true });
      const extraForNode = typeof extra === 'function' ? extra(node) : extra;
      await writeFile(path.join(node.dir, 'server.properties'), formatProperties(serverProperties(node, plan.nodes, extraForNode)));
      await writeFile(path.join(node.dir, 'log4j2.xml'), log4jConfig(serverLogFile(node)));
    }),
  );
}

export async function recordFormatted(dataDir: string, plan: ClusterPlan, kafkaVersion: string): Promise<void> {
  const record: LayoutRecord = { clusterId: plan.clusterId, nodes: plan.nodes.length, kafkaVersion };
  await writeFile(path.join(dataDir, LAYOUT_FILE), JSON.stringify(record, null, 2) + '\n');
}

async function readLayout(dataDir: string): Promise<LayoutRecord | undefined> {
  const file = path.join(dataDir, LAYOUT_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as LayoutRecord;
}
