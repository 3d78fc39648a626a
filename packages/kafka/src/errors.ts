/**
 * The typed errors of the Kafka package, and the one place that turns what kafkajs throws into one
 * clear line a teacher or an IT admin can act on.
 */
import { ClasscastError, type ErrorCodeOf } from '@classcast/protocol';
import { describeSecurityError } from './security-errors.js';

/** What each code means, and whether retrying helps: the table in @classcast/protocol (docs/ERRORS.md). */
export type KafkaErrorCode = ErrorCodeOf<'kafka'>;

export class KafkaError extends ClasscastError<KafkaErrorCode> {}

interface KafkaJsLikeError {
  name?: string;
  message?: string;
  type?: string;
  code?: string;
  retriable?: boolean;
  cause?: unknown;
  originalError?: unknown;
  /** kafkajs connection errors: the one broker ("host:port", or host and port) that failed. */
  broker?: string;
  host?: string;
  port?: number;
}

/** Wraps any error from a Kafka call; ClasscastErrors pass through unchanged. */
export function describeKafkaError(error: unknown, brokers: readonly string[]): ClasscastError {
  if (error instanceof ClasscastError) return error;
  const security = describeSecurityError(error, brokers);
  if (security) return security;
  const chain = causeChain(error);
  const where = brokers.join(', ');
  const has = (test: (e: KafkaJsLikeError) => boolean) => chain.some(test);
  const typeIs = (...types: string[]) => has((e) => e.type !== undefined && types.includes(e.type));
  const top = chain[0] ?? {};

  if (has((e) => e.name === 'KafkaJSSASLAuthenticationError') || typeIs('SASL_AUTHENTICATION_FAILED')) {
    return new KafkaError('CC_AUTH_FAILED', `Kafka at ${where} refused the credentials: check the user name and password`, { cause: error });
  }
  const denied = chain.find((e) => e.type?.endsWith('_AUTHORIZATION_FAILED'));
  if (denied) {
    return new KafkaError('CC_NOT_AUTHORIZED', `Kafka at ${where} says this user may not do that (${denied.type})`, { cause: error });
  }
  if (typeIs('MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE')) {
    return new KafkaError(
      'CC_FRAME_TOO_LARGE',
      'the frame is larger than the class topic allows: an admin raises the limit with "classcast class config --class CLASS --max-frame-bytes N" (or lower the quality or the scale)',
      { cause: error },
    );
  }
  if (typeIs('NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND')) {
    return new KafkaError(
      'CC_NOT_ENOUGH_REPLICAS',
      'the broadcast is paused: too few Kafka brokers hold an up-to-date copy of the class to keep frames safe; it resumes by itself when a broker returns',
      { retriable: true, cause: error },
    );
  }
  if (typeIs('UNKNOWN_TOPIC_OR_PARTITION')) {
    return new KafkaError('CC_CLASS_NOT_FOUND', `the class topic does not exist on ${where}`, { retriable: true, cause: error });
  }
  if (
    has((e) => e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSConnectionClosedError') ||
    has((e) => /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|Connection timeout|Failed to connect/i.test(`${e.code ?? ''} ${e.message ?? ''}`))
  ) {
    // kafkajs names the one broker it lost; with others in the list, they may well serve (a
    // failover, one broker down): "is the broker running?" would not be true.
    const failed = chain.map((e) => e.broker ?? (e.host && e.port ? `${e.host}:${e.port}` : undefined)).find((b) => b !== undefined);
    const message =
      failed && brokers.length > 1
        ? `lost Kafka broker ${failed}; the others (${brokers.filter((b) => b !== failed).join(', ')}) may still serve while Kafka moves the class to them: retrying`
        : `cannot reach Kafka at ${where}: is the broker running? (start one with "classcast broker up" or give --brokers host:port)`;
    return new KafkaError('CC_BROKER_UNREACHABLE', message, { retriable: true, cause: error });
  }
  return new KafkaError('CC_KAFKA_ERROR', `Kafka at ${where}: ${firstLine(top.message ?? String(error))}`, {
    // kafkajs wraps a retriable cause in a non-retriable "retries exceeded": the cause decides.
    retriable: has((e) => e.retriable === true),
    cause: error,
  });
}

function causeChain(error: unknown): KafkaJsLikeError[] {
  const chain: KafkaJsLikeError[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 8) {
    const e = current as KafkaJsLikeError;
    chain.push(e);
    current = e.originalError ?? e.cause;
  }
  return chain;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
