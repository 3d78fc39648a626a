/**
 * Which brokers answer now, each asked on its own, and the line a teacher reads when Kafka stops
 * taking frames. A stalled send only says that no frame was confirmed; asking each broker address
 * tells "2 of 3 brokers unreachable, Kafka is moving the class" from "every broker answers, but
 * too few copies are in sync".
 */
import type { ClasscastError } from '@classcast/protocol';
import { createKafkaClient, type KafkaConnection } from './connection.js';

/** Short enough that the pause line shows within 3 s of the last confirmed frame (stall after 2 s). */
const BROKER_PROBE_MS = 700;

/**
 * The addresses of `connection.brokers` that do not complete a connection (TCP, TLS, the Kafka
 * handshake and the login) within `timeoutMs`: down, unreachable or hung.
 */
export async function unreachableBrokers(connection: KafkaConnection, timeoutMs = BROKER_PROBE_MS): Promise<string[]> {
  const answers = await Promise.all(connection.brokers.map(async (address) => ((await brokerAnswers(connection, address, timeoutMs)) ? undefined : address)));
  return answers.filter((address): address is string => address !== undefined);
}

async function brokerAnswers(connection: KafkaConnection, address: string, timeoutMs: number): Promise<boolean> {
  const admin = createKafkaClient(
    { ...connection, brokers: [address], clientId: 'classcast-probe', connectionTimeoutMs: timeoutMs },
    { requestTimeout: timeoutMs, retry: { retries: 0 } },
  ).admin();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const giveUp = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([
      admin.connect().then(
        () => true,
        () => false,
      ),
      giveUp,
    ]);
  } finally {
    clearTimeout(timer);
    void admin.disconnect().catch(() => undefined);
  }
}

/** "the broadcast is paused: <why>", naming the brokers that do not answer when some do not. */
export function pauseMessage(reason: ClasscastError, brokers: string[], unreachable: string[]): string {
  const why = reason.message.replace(/^the broadcast is paused: /, '');
  if (unreachable.length === 0) return `the broadcast is paused: ${why}`;
  if (unreachable.length === brokers.length) {
    return `the broadcast is paused: no Kafka broker answers (${brokers.join(', ')}); frames go out again once one is back (classcast broker up)`;
  }
  return (
    `the broadcast is paused: ${unreachable.length} of ${brokers.length} brokers unreachable (${unreachable.join(', ')}), ` +
    'Kafka is moving the class; it resumes by itself, no frame is lost'
  );
}
