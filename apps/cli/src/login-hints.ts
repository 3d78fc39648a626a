/**
 * What to do about a login, from what the broker itself says it offers: a cluster that wants a
 * login and got none looks to kafkajs like a broker that hangs up ("cannot reach Kafka"), and a
 * refused SASL mechanism comes without the ones the broker would take. Both are answered by
 * asking the broker's SaslHandshake for its mechanisms.
 */
import { KafkaError, offeredSaslMechanisms, type KafkaConnection } from '@classcast/kafka';
import type { ClasscastError } from '@classcast/protocol';
import { CLI_SASL_MECHANISMS } from './connection-options.js';

export async function explainLoginProblem(error: ClasscastError, connection: KafkaConnection | undefined): Promise<ClasscastError> {
  const refusedMechanism = error.code === 'CC_SASL_MECHANISM_REFUSED';
  const hungUpWithoutLogin = error.code === 'CC_BROKER_UNREACHABLE' && connection !== undefined && connection.sasl === undefined;
  if (!connection || !(refusedMechanism || hungUpWithoutLogin)) return error;
  const offered = await offeredSaslMechanisms(connection);
  if (!offered || offered.length === 0) return error;
  const where = connection.brokers.join(', ');
  if (refusedMechanism) {
    const usable = offered.map((mechanism) => mechanism.toLowerCase()).find((mechanism) => (CLI_SASL_MECHANISMS as readonly string[]).includes(mechanism));
    return new KafkaError(
      'CC_SASL_MECHANISM_REFUSED',
      `Kafka at ${where} does not accept SASL ${connection.sasl?.mechanism.toUpperCase() ?? ''}; it offers ${offered.join(', ')}` +
        (usable ? `: give --sasl-mechanism ${usable}` : ''),
      { cause: error },
    );
  }
  return new KafkaError(
    'CC_LOGIN_REQUIRED',
    `Kafka at ${where} wants a login (SASL ${offered.join(', ')}): give --username NAME and --password-file FILE, or set CLASSCAST_SASL_USERNAME and CLASSCAST_SASL_PASSWORD`,
    { cause: error },
  );
}
