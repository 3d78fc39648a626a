/**
 * Formats a node's KRaft storage with Kafka's own StorageTool. All nodes of a cluster share one
 * cluster id; the static controller.quorum.voters in server.properties means no quorum flag.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { useClassDataArchive } from './class-data-archive.js';
import { BrokerError } from './errors.js';
import { runJavaWithSecretArgs } from './java-argument-file.js';
import { TOOL_JVM_OPTIONS, type JavaRuntime } from './java-command.js';
import type { NodePlan } from './server-properties.js';

/**
 * A Kafka cluster id, made the way `StorageTool random-uuid` makes it (Uuid.randomUuid: 16 random
 * bytes as URL-safe base64 without padding, never starting with '-'), without paying for a JVM.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * `scramArgs`: `-S SCRAM-SHA-256=[name=…,password=…]` per user (scramFormatArgs). They hold
 * passwords, so the tool reads its arguments from a 0600 file, not from its command line.
 */
export async function formatStorage(runtime: JavaRuntime, node: NodePlan, clusterId: string, scramArgs: string[] = []): Promise<void> {
  const result = await runJavaWithSecretArgs({
    runtime,
    // No log4j2 config: log4j's default (ERROR to the console) is all a one-second tool needs,
    // and it keeps the node's server.log for the broker alone.
    jvmOptions: [...TOOL_JVM_OPTIONS, ...useClassDataArchive(runtime)],
    mainClass: 'kafka.tools.StorageTool',
    // --ignore-formatted: a node formatted before an interrupted first start is fine as it is.
    args: ['format', '-t', clusterId, '-c', path.join(node.dir, 'server.properties'), '--ignore-formatted', ...scramArgs],
    dir: node.dir,
    cwd: node.dir,
  });
  if (result.exitCode !== 0) {
    throw new BrokerError(
      'CC_BROKER_FORMAT_FAILED',
      `formatting the storage of Kafka node ${node.nodeId} in ${node.logDir} failed (exit ${result.exitCode ?? result.signal}):\n` +
        result.tail.slice(-10).join('\n'),
    );
  }
}
