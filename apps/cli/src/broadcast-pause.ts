/**
 * What `classcast teach` says when Kafka stops taking frames, and why. The teacher stream only
 * knows that no frame was confirmed; asking each broker address on its own tells "2 of 3 brokers
 * unreachable, Kafka is moving the class" from "every broker answers, but too few copies are in sync".
 */
import net from 'node:net';
import { nodeAnswers } from '@classcast/broker';
import type { ClasscastError } from '@classcast/protocol';
import type { KafkaConnection } from '@classcast/kafka';

/** Short enough that the message shows within 3 s of the last confirmed frame (stall after 2 s). */
export const PAUSE_PROBE_MS = 700;
export const TEACH_STALL_AFTER_MS = 2000;

/** Which of the given broker addresses answer now (TLS listeners: the TCP handshake only). */
export async function unreachableBrokers(connection: KafkaConnection, timeoutMs = PAUSE_PROBE_MS): Promise<string[]> {
  const answers = await Promise.all(
    connection.brokers.map(async (address) => {
      const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
      return (connection.tls ? await tcpAnswers(host, port, timeoutMs) : await nodeAnswers(host, port, timeoutMs)) ? undefined : address;
    }),
  );
  return answers.filter((address): address is string => address !== undefined);
}

function tcpAnswers(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
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
