/**
 * Readiness: a broker "answers" when a kafkajs admin can connect and describeCluster lists every
 * expected node. A node only appears there once the active controller has registered and
 * unfenced it, so a complete list also proves that a controller was elected.
 */
import { Kafka, logLevel } from 'kafkajs';
import { pollUntil } from '@classcast/protocol';

const POLL_MS = 250;

/** The admin of a secured cluster (SCRAM-SHA-256), for probing its SASL_PLAINTEXT listener. */
export interface ProbeCredentials {
  username: string;
  password: string;
}

export interface ClusterDescription {
  clusterId: string;
  brokers: number[];
  controller: number | null;
}

/**
 * One describeCluster round trip, through the first bootstrap server that answers. Each server is
 * tried on its own because kafkajs always starts from the first seed in its list: with node 1
 * down, a cluster-wide probe would keep failing although nodes 2 and 3 answer.
 */
export async function describeCluster(bootstrapServers: string[], timeoutMs = 3000, credentials?: ProbeCredentials): Promise<ClusterDescription> {
  let lastError: unknown = new Error('no bootstrap servers given');
  for (const server of bootstrapServers) {
    try {
      return await describeVia(server, timeoutMs, credentials);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function describeVia(server: string, timeoutMs: number, credentials: ProbeCredentials | undefined): Promise<ClusterDescription> {
  const kafka = new Kafka({
    clientId: 'classcast-broker-probe',
    brokers: [server],
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 1000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    ...(credentials ? { sasl: { mechanism: 'scram-sha-256' as const, ...credentials } } : {}),
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const { clusterId, brokers, controller } = await admin.describeCluster();
    return { clusterId, controller, brokers: brokers.map((b) => b.nodeId).sort((a, b) => a - b) };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export type WaitResult = { ready: true; description: ClusterDescription } | { ready: false; reason: string };

export interface WaitForClusterOptions {
  bootstrapServers: string[];
  nodeIds: number[];
  timeoutMs: number;
  /** Needed by a secured cluster. */
  credentials?: ProbeCredentials;
  /** Polled between attempts: a reason to give up at once (e.g. "node 2 exited with code 1"). */
  failFast?: () => string | undefined;
}

export async function waitForCluster(options: WaitForClusterOptions): Promise<WaitResult> {
  let last = 'no answer yet';
  const result = await pollUntil(
    async (): Promise<WaitResult | undefined> => {
      const failure = options.failFast?.();
      if (failure) return { ready: false, reason: failure };
      try {
        const description = await describeCluster(options.bootstrapServers, undefined, options.credentials);
        const missing = options.nodeIds.filter((id) => !description.brokers.includes(id));
        if (missing.length === 0 && description.controller !== null) return { ready: true, description };
        last = `describeCluster lists nodes [${description.brokers.join(', ')}], still waiting for [${missing.join(', ')}]`;
      } catch (error) {
        last = (error as Error).message;
      }
      return undefined;
    },
    { intervalMs: POLL_MS, timeoutMs: options.timeoutMs },
  );
  return (
    result ?? {
      ready: false,
      reason: `Kafka on ${options.bootstrapServers.join(',')} did not answer within ${Math.round(options.timeoutMs / 1000)} s (${last})`,
    }
  );
}
