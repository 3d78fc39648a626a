/**
 * Turns what kafkajs throws into one clear ClasscastError line a teacher or an IT admin can act on.
 */
import { ClasscastError } from '@classcast/protocol';

interface KafkaJsLikeError {
  name?: string;
  message?: string;
  type?: string;
  retriable?: boolean;
  cause?: unknown;
}

/** Wraps any error from a Kafka call; ClasscastErrors pass through unchanged. */
export function describeKafkaError(error: unknown, brokers: readonly string[]): ClasscastError {
  if (error instanceof ClasscastError) return error;
  const e = (error ?? {}) as KafkaJSLikeOrCause;
  const root = rootCause(e);
  const where = brokers.join(', ');
  const text = `${e.message ?? ''} ${root.message ?? ''}`;
  if (e.name === 'KafkaJSSASLAuthenticationError' || root.type === 'SASL_AUTHENTICATION_FAILED' || /SASL.*(auth|fail)/i.test(text)) {
    return new ClasscastError('CC_AUTH_FAILED', `Kafka at ${where} refused the credentials: check the user name and password`, { cause: error });
  }
  if (root.type === 'TOPIC_AUTHORIZATION_FAILED' || root.type === 'GROUP_AUTHORIZATION_FAILED' || root.type === 'CLUSTER_AUTHORIZATION_FAILED') {
    return new ClasscastError('CC_NOT_AUTHORIZED', `Kafka at ${where} says this user may not do that (${root.type})`, { cause: error });
  }
  if (root.type === 'MESSAGE_TOO_LARGE' || root.type === 'RECORD_LIST_TOO_LARGE') {
    return new ClasscastError('CC_FRAME_TOO_LARGE', `the frame is larger than the class topic allows: lower the quality or the scale`, { cause: error });
  }
  if (root.type === 'UNKNOWN_TOPIC_OR_PARTITION') {
    return new ClasscastError('CC_CLASS_NOT_FOUND', `the class topic does not exist on ${where}`, { retriable: true, cause: error });
  }
  if (e.name === 'KafkaJSConnectionError' || e.name === 'KafkaJSNonRetriableError' || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|Connection timeout|Failed to connect/i.test(text)) {
    return new ClasscastError(
      'CC_BROKER_UNREACHABLE',
      `cannot reach Kafka at ${where}: is the broker running? (start one with "classcast broker up" or give --brokers host:port)`,
      { retriable: true, cause: error },
    );
  }
  return new ClasscastError('CC_KAFKA_ERROR', `Kafka at ${where}: ${e.message ?? String(error)}`, {
    retriable: e.retriable ?? false,
    cause: error,
  });
}

type KafkaJSLikeOrCause = KafkaJsLikeError & { originalError?: KafkaJsLikeError };

function rootCause(error: KafkaJSLikeOrCause): KafkaJsLikeError {
  let current: KafkaJSLikeOrCause = error;
  for (let depth = 0; depth < 5; depth += 1) {
    const next = (current.originalError ?? current.cause) as KafkaJSLikeOrCause | undefined;
    if (!next || typeof next !== 'object') break;
    current = next;
  }
  return current;
}
