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
}

export function errorChain(error: unknown, maxLength = 8): KafkaJsLikeError[] {
  const chain: KafkaJsLikeError[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < maxLength) {
    const link = current as KafkaJsLikeError;
    chain.push(link);
    current = link.originalError ?? link.cause;
  }
  return chain;
}
