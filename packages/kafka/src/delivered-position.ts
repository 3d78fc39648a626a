/**
 * A student who watches through a shared reader (gateway fan-out) is in no consumer group, yet
 * `classcast students` and kafka-consumer-groups must still list them with their lag, and the
 * broker must still decide, every few seconds, whether they may go on watching. Both come from
 * one request: every few seconds the student's delivered position is committed to the student's
 * own group (studentGroupId) with the student's own login, from outside the group
 * (cluster-client.ts). Kafka checks READ on the group and on the class topic for it, so a revoked
 * student, a changed password or an expired sign-in ends the session (CC_ACCESS_ENDED) within one
 * interval, in any mode (live, replay, paused), as watchClassAccess does for a student with a
 * consumer of its own.
 *
 * The commit's metadata says which gateway committed it and when, so a group with no members
 * reads as "watching through a gateway" while its commits are fresh (watchers.ts); the last
 * commit, on leaving, says so.
 */
import { frameTopic } from '@classcast/protocol';
import { createClusterClient, type ClusterClient, type CommittedPosition } from './cluster-client.js';
import { loginDescription, type KafkaConnection } from './connection.js';
import { describeKafkaError, KafkaError } from './errors.js';
import { describeSecurityError } from './security-errors.js';
import { DEFAULT_ACCESS_CHECK_MS } from './access-check.js';

export interface DeliveredPositionOptions {
  /** The student's connection: with its login, the commit is its access check. */
  connection: KafkaConnection;
  classId: string;
  groupId: string;
  /** A client to commit through (the gateway's, on the open classroom); default: one of the student's own. */
  client?: ClusterClient;
  /** Names the gateway in the commits' metadata. */
  gatewayId: string;
  /** Time between commits. Default 3 s (DEFAULT_ACCESS_CHECK_MS). */
  intervalMs?: number;
  /** Called once, when the broker refuses the login, the class or the group: the caller ends the session. */
  onRefused(error: KafkaError): void;
  /** Failures that are not a refusal (a broker down): the stream reports those itself. */
  log?(line: string): void;
}

export interface DeliveredPositionWatch {
  /** A frame was delivered live: the position to commit next (the first is committed at once). */
  delivered(partition: number, offset: string): void;
  /** Commits the position once more, marked as left, and stops. */
  stop(): Promise<void>;
}

/** What a gateway's commit says beside the offset (JSON in Kafka's offset metadata). */
export interface GatewayCommitNote {
  gateway: string;
  /** When it was committed (the gateway's clock, ms). */
  at: number;
  /** The student left: the last commit of the session. */
  left?: true;
}

/** The broker's no: to the class or the group, to the password, or to the sign-in token. */
const REFUSALS: ReadonlySet<string> = new Set(['CC_NOT_AUTHORIZED', 'CC_AUTH_FAILED', 'CC_TOKEN_REFUSED']);

export function watchDeliveredPosition(options: DeliveredPositionOptions): DeliveredPositionWatch {
  const topic = frameTopic(options.classId);
  const ownClient = options.client === undefined;
  const client = options.client ?? createClusterClient({ ...options.connection, clientId: `classcast-${options.groupId}` });
  const who = loginDescription(options.connection);
  /** Per partition, the offset of the newest frame delivered live. */
  const delivered = new Map<number, string>();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();

  async function commit(left: boolean): Promise<void> {
    // Nothing delivered yet: there is no position, and nothing was shown that access would guard.
    if (delivered.size === 0) return;
    const note: GatewayCommitNote = { gateway: options.gatewayId, at: Date.now(), ...(left ? { left: true } : {}) };
    const metadata = JSON.stringify(note);
    const positions: CommittedPosition[] = [...delivered].map(([partition, offset]) => ({ partition, offset: String(BigInt(offset) + 1n), metadata }));
    await client.commitOffsets(options.groupId, topic, positions);
  }

  const schedule = () => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => (running = tick()), options.intervalMs ?? DEFAULT_ACCESS_CHECK_MS);
  };
  async function tick(): Promise<void> {
    try {
      await commit(false);
    } catch (error) {
      const failure = describeSecurityError(error, options.connection.brokers) ?? describeKafkaError(error, options.connection.brokers);
      if (!stopped && REFUSALS.has(failure.code)) {
        stopped = true;
        if (ownClient) await client.disconnect().catch(() => undefined);
        // The same line as watchClassAccess's, for a student with a consumer of its own.
        const why =
          failure.code === 'CC_NOT_AUTHORIZED'
            ? `Kafka says ${who} may not watch class ${options.classId} (topic ${topic}, group ${options.groupId})`
            : failure.message;
        options.onRefused(new KafkaError('CC_ACCESS_ENDED', `access ended: ${why}`, { cause: error }));
        return;
      }
      if (!stopped) options.log?.(`could not record the position in ${options.groupId}: ${failure.message}`);
    }
    schedule();
  }
  schedule();

  return {
    delivered(partition, offset) {
      const first = delivered.size === 0;
      delivered.set(partition, offset);
      // The first at once: `classcast students` lists the student as soon as it watches.
      if (first && !stopped) {
        clearTimeout(timer);
        running = running.then(tick);
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await running;
      // The last position, so the student's lag reads right after it left; a failure loses only that.
      await commit(true).catch(() => undefined);
      if (ownClient) await client.disconnect().catch(() => undefined);
    },
  };
}

/** The note of a gateway's commit, or undefined for any other metadata (a consumer's own commit). */
export function gatewayCommitNote(metadata: string | null | undefined): GatewayCommitNote | undefined {
  if (!metadata?.startsWith('{')) return undefined;
  try {
    const note = JSON.parse(metadata) as Partial<GatewayCommitNote>;
    if (typeof note.gateway !== 'string' || typeof note.at !== 'number') return undefined;
    return { gateway: note.gateway, at: note.at, ...(note.left === true ? { left: true } : {}) };
  } catch {
    return undefined;
  }
}
