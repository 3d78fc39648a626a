/**
 * Asks a secured cluster whether this login may read a class and use a consumer group, so that a
 * refusal is one clear line at start. Without it, a topic the user may not see looks like a class
 * whose teacher has not started yet (Kafka hides it from the topic list), and a group the user
 * may not use never joins: kafkajs turns the broker's GROUP_AUTHORIZATION_FAILED into "Failed to
 * find group coordinator" and retries. The broker's answer survives only in kafkajs's debug log,
 * so the check reads that log.
 *
 * The same question, asked again every few seconds while a student watches (watchClassAccess),
 * is how a revoked student or an expired sign-in is cut off: a paused or replaying viewer fetches
 * nothing from the live stream, and a shared reader (gateway fan-out) fetches for everyone, so
 * the broker's per-request checks alone would not end the session.
 */
import { logLevel, type Admin, type Kafka, type logCreator } from 'kafkajs';
import { frameTopic, pause } from '@classcast/protocol';
import { createKafkaClient, loginDescription, type KafkaConnection } from './connection.js';
import { errorChain } from './error-chain.js';
import { describeKafkaError, KafkaError } from './errors.js';
import { describeSecurityError } from './security-errors.js';

export interface ClassAccessCheck {
  classId: string;
  /** The consumer group the caller is about to join, e.g. studentGroupId(classId, user). */
  groupId?: string;
}

export interface ClassAccessChecker {
  /** Resolves when the class topic may be read (or does not exist yet but may be) and the group used. */
  check(check: ClassAccessCheck): Promise<void>;
  close(): Promise<void>;
}

/** One admin connection for repeated checks (one login, not one per check). */
export function createClassAccessChecker(connection: KafkaConnection): ClassAccessChecker {
  const brokerErrors: string[] = [];
  const who = loginDescription(connection);
  const refuse = (what: string, error: unknown) => new KafkaError('CC_NOT_AUTHORIZED', `Kafka says ${who} may not ${what}`, { cause: error });
  let admin: Admin | undefined;

  async function ask(admin: Admin, check: ClassAccessCheck): Promise<void> {
    brokerErrors.length = 0;
    if (check.groupId !== undefined) {
      const groupId = check.groupId;
      const deadline = Date.now() + COORDINATOR_WAIT_MS;
      for (;;) {
        try {
          await admin.describeGroups([groupId]);
          break;
        } catch (error) {
          if (brokerErrors.includes('GROUP_AUTHORIZATION_FAILED')) throw refuse(`use consumer group ${groupId}`, error);
          // A fresh cluster answers group requests only once its offsets topic is made (seconds).
          if (!isCoordinatorStarting(error) || Date.now() > deadline) throw error;
          await pause(250);
        }
      }
    }
    // The topic last: after an "unknown topic" answer kafkajs drops its connections, and a request
    // on the reopened one can fail with the old socket's late "closed connection".
    const topic = frameTopic(check.classId);
    try {
      await admin.fetchTopicMetadata({ topics: [topic] });
    } catch (error) {
      if (errorChain(error).some((link) => link.type === 'UNKNOWN_TOPIC_OR_PARTITION')) return;
      if (describeSecurityError(error, connection.brokers)?.code === 'CC_NOT_AUTHORIZED') throw refuse(`read class ${check.classId} (topic ${topic})`, error);
      throw error;
    }
  }

  return {
    async check(check) {
      try {
        if (admin === undefined) {
          admin = accessCheckClient(connection, brokerErrors).admin();
          await admin.connect();
        }
        await ask(admin, check);
      } catch (error) {
        // A failed client may hold a broken connection: the next check starts afresh.
        await admin?.disconnect().catch(() => undefined);
        admin = undefined;
        throw describeSecurityError(error, connection.brokers) ?? describeKafkaError(error, connection.brokers);
      }
    },
    async close() {
      await admin?.disconnect().catch(() => undefined);
      admin = undefined;
    },
  };
}

/** One check on a connection of its own. */
export async function checkClassAccess(connection: KafkaConnection, check: ClassAccessCheck): Promise<void> {
  const checker = createClassAccessChecker(connection);
  try {
    await checker.check(check);
  } finally {
    await checker.close();
  }
}

export interface ClassAccessWatchOptions {
  /** Time between checks. Default 3 s: a revoked student sees the class for at most that long. */
  intervalMs?: number;
  /** Called once (CC_ACCESS_ENDED), when the broker refuses the login or the class: the caller ends the session. */
  onRefused(error: KafkaError): void;
}

export interface ClassAccessWatch {
  stop(): Promise<void>;
}

export const DEFAULT_ACCESS_CHECK_MS = 3000;
/** The broker's no: to the class, to the password, or to the sign-in token. */
const REFUSALS: ReadonlySet<string> = new Set(['CC_NOT_AUTHORIZED', 'CC_AUTH_FAILED', 'CC_TOKEN_REFUSED']);

/**
 * Asks again every few seconds whether `connection` may still read the class and use its group.
 * A refusal (access revoked, password changed, sign-in expired) is reported once and the watch
 * stops; anything else (a broker down) is left to the stream, which reports it itself.
 */
export function watchClassAccess(connection: KafkaConnection, check: ClassAccessCheck, options: ClassAccessWatchOptions): ClassAccessWatch {
  const checker = createClassAccessChecker(connection);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();

  const schedule = () => {
    if (!stopped) timer = setTimeout(() => (running = tick()), options.intervalMs ?? DEFAULT_ACCESS_CHECK_MS);
  };
  async function tick(): Promise<void> {
    try {
      await checker.check(check);
    } catch (error) {
      if (!stopped && error instanceof KafkaError && REFUSALS.has(error.code)) {
        stopped = true;
        await checker.close();
        options.onRefused(new KafkaError('CC_ACCESS_ENDED', `access ended: ${error.message}`, { cause: error }));
        return;
      }
    }
    schedule();
  }
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await checker.close();
    },
  };
}

/** How long a check waits for a cluster that is still making its group coordinator ready. */
const COORDINATOR_WAIT_MS = 15_000;
const COORDINATOR_STARTING = new Set(['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS']);

function isCoordinatorStarting(error: unknown): boolean {
  return errorChain(error).some(
    (link) =>
      (link.type !== undefined && COORDINATOR_STARTING.has(link.type)) ||
      /not the correct coordinator|coordinator is (loading|not available)|group coordinator/i.test(link.message ?? ''),
  );
}

function accessCheckClient(connection: KafkaConnection, brokerErrors: string[]): Kafka {
  // Collects the broker's error types that kafkajs logs at debug level and then swallows.
  const capture: logCreator =
    () =>
    ({ log }) => {
      const type = (log as { error?: { type?: unknown } }).error?.type;
      if (typeof type === 'string') brokerErrors.push(type);
    };
  return createKafkaClient(
    { ...connection, clientId: connection.clientId ?? 'classcast-access-check' },
    { logLevel: logLevel.DEBUG, logCreator: capture, retry: { retries: 2, initialRetryTime: 100 } },
  );
}
