/**
 * The chain of errors behind a failure: kafkajs wraps the broker's error in retry and
 * non-retriable errors (`cause`, `originalError`), and ClasscastError keeps what it explains as
 * `cause`. The broker's own error type is usually a few links down.
 */
export interface KafkaJsLikeError {
  name?: string;
  message?: string;
  /** kafkajs: the broker's error name, e.g. TOPIC_AUTHORIZATION_FAILED. */
  type?: string;
  /** Node: e.g. ECONNREFUSED; ClasscastError: its CC_ code. */
  code?: string | number;
  retriable?: boolean;
  cause?: unknown;
  originalError?: unknown;
  /** KafkaJSAggregateError (e.g. "Topic creation errors"): one error per topic. */
  errors?: unknown[];
}

/** The error, what it wraps, and so on down; an aggregate's errors follow it. */
export function errorChain(error: unknown, maxLength = 8): KafkaJsLikeError[] {
  const chain: KafkaJsLikeError[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && chain.length < maxLength) {
    const current = pending.shift();
    if (!current || typeof current !== 'object') continue;
    const link = current as KafkaJsLikeError;
    chain.push(link);
    pending.push(...(Array.isArray(link.errors) ? link.errors : []), link.originalError ?? link.cause);
  }
  return chain;
}
