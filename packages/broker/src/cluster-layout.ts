/**
 * The on-disk layout of a cluster under its data dir: `node-<id>/` per node with its
 * server.properties, log4j2.xml, logs and Kafka log dir, plus `cluster.json` recording the cluster
 * id and each node's ports once storage is formatted. A data dir given again is started again with
 * its data on the same ports: clients started before a crash or a `down` keep their addresses and
 * reconnect by themselves.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pollUntil } from '@classcast/protocol';
import { BrokerError } from './errors.js';
import { findKeptPorts, isPortFree, LOOPBACK } from './free-port.js';
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

interface NodePorts {
  nodeId: number;
  port: number;
  controllerPort: number;
  tlsPort?: number;
}

interface LayoutRecord {
  clusterId: string;
  nodes: number;
  kafkaVersion: string;
  /** Absent in data dirs made before ports were kept: those get new ports once, then keep them. */
  ports?: NodePorts[];
}

export function serverLogFile(node: Pick<NodePlan, 'dir'>): string {
  return path.join(node.dir, 'server.log');
}

export function consoleLogFile(node: Pick<NodePlan, 'dir'>): string {
  return path.join(node.dir, 'console.log');
}

export interface PlanOptions {
  /** Reserve a third port per node for the SASL_SSL listener. */
  tlsPorts?: boolean;
  /** The nodes about to start (default all): their kept ports must be free; the others' are theirs. */
  startingNodes?: number[];
}

export async function planCluster(dataDir: string, nodeCount: number, { tlsPorts = false, startingNodes }: PlanOptions = {}): Promise<ClusterPlan> {
  const existing = await readLayout(dataDir);
  if (existing && existing.nodes !== nodeCount) {
    throw new BrokerError(
      'CC_BROKER_DATA_DIR_MISMATCH',
      `${dataDir} holds a ${existing.nodes}-node Kafka cluster, not ${nodeCount} nodes: use another data dir or delete it`,
    );
  }
  const kept = existing?.ports?.length === nodeCount && existing.ports.every((p) => (p.tlsPort !== undefined) === tlsPorts) ? existing.ports : undefined;
  const ports = kept ?? (await freshPorts(nodeCount, tlsPorts));
  if (kept) await assertPortsFree(kept.filter((node) => startingNodes?.includes(node.nodeId) ?? true));
  const nodes = ports.map(({ nodeId, port, controllerPort, tlsPort }): NodePlan => {
    const dir = path.join(dataDir, `node-${nodeId}`);
    return { nodeId, host: LOOPBACK, port, controllerPort, ...(tlsPort ? { tlsPort } : {}), dir, logDir: path.join(dir, 'data') };
  });
  return { clusterId: existing?.clusterId ?? newClusterId(), nodes, needsFormat: !existing };
}

async function freshPorts(nodeCount: number, tlsPorts: boolean): Promise<NodePorts[]> {
  const perNode = tlsPorts ? 3 : 2;
  const ports = await findKeptPorts(nodeCount * perNode);
  return Array.from({ length: nodeCount }, (_, index) => {
    const [port, controllerPort, tlsPort] = ports.slice(index * perNode, (index + 1) * perNode);
    return { nodeId: index + 1, port: port!, controllerPort: controllerPort!, ...(tlsPort ? { tlsPort } : {}) };
  });
}

/** A kept port that another program took would make the node fail after a long JVM start: say so now. */
async function assertPortsFree(nodes: NodePorts[]): Promise<void> {
  for (const node of nodes) {
    for (const port of [node.port, node.controllerPort, ...(node.tlsPort ? [node.tlsPort] : [])]) {
      // A moment's grace: a connection of the node that just died may hold the port briefly.
      if ((await pollUntil(() => isPortFree(port), { intervalMs: 250, timeoutMs: 3000 })) !== true) {
        throw new BrokerError(
          'CC_BROKER_PORT_TAKEN',
          `port ${port} of Kafka node ${node.nodeId} is taken by another program: stop it (clients know this node by its port), or start with another data dir`,
        );
      }
    }
  }
}

/** Writes each node's server.properties and log4j2.xml (rewritten on every start: settings may change). */
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

/** Written once storage is formatted (its presence means "formatted"), and again when the ports are new. */
export async function recordFormatted(dataDir: string, plan: ClusterPlan, kafkaVersion: string): Promise<void> {
  const ports = plan.nodes.map(({ nodeId, port, controllerPort, tlsPort }) => ({ nodeId, port, controllerPort, ...(tlsPort ? { tlsPort } : {}) }));
  const record: LayoutRecord = { clusterId: plan.clusterId, nodes: plan.nodes.length, kafkaVersion, ports };
  await writeFile(path.join(dataDir, LAYOUT_FILE), JSON.stringify(record, null, 2) + '\n');
}

async function readLayout(dataDir: string): Promise<LayoutRecord | undefined> {
  const file = path.join(dataDir, LAYOUT_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as LayoutRecord;
}
