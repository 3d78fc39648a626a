/**
 * Asks a secured cluster up front whether this login may read a class and use a consumer group,
 * so that a refusal is one clear line at start. Without it, a topic the user may not see looks
 * like a class whose teacher has not started yet (Kafka hides it from the topic list), and a group
 * the user may not use never joins: kafkajs turns the broker's GROUP_AUTHORIZATION_FAILED into
 * "Failed to find group coordinator" and retries. The broker's answer survives only in kafkajs's
 * debug log, so the check reads that log.
 */
import { logLevel, type Kafka, type logCreator } from 'kafkajs';
import { frameTopic } from '@classcast/protocol';
import { createKafkaClient, loginName, type KafkaConnection } from './connection.js';
import { errorChain } from './error-chain.js';
import { describeKafkaError, KafkaError } from './errors.js';
import { describeSecurityError } from './security-errors.js';

export interface ClassAccessCheck {
  classId: string;
  /** The consumer group the caller is about to join, e.g. studentGroupId(classId, user). */
  groupId?: string;
}

/** Resolves when the class topic may be read (or does not exist yet but may be) and the group used. */
export async function checkClassAccess(connection: KafkaConnection, check: ClassAccessCheck): Promise<void> {
  const brokerErrors: string[] = [];
  const admin = accessCheckClient(connection, brokerErrors).admin();
  const name = loginName(connection);
  const who = name !== undefined ? `user ${name}` : connection.sasl ? 'this signed-in user' : 'this client';
  const refuse = (what: string, error: unknown) => new KafkaError('CC_NOT_AUTHORIZED', `Kafka says ${who} may not ${what}`, { cause: error });
  try {
    await admin.connect();
    if (check.groupId !== undefined) {
      try {
        await admin.describeGroups([check.groupId]);
      } catch (error) {
        if (brokerErrors.includes('GROUP_AUTHORIZATION_FAILED')) throw refuse(`use consumer group ${check.groupId}`, error);
        throw error;
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
  } catch (error) {
    throw describeSecurityError(error, connection.brokers) ?? describeKafkaError(error, connection.brokers);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
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
