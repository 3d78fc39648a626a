/**
 * Retries a Kafka call that failed with a retriable error. Right after a topic is created or
 * moved, brokers learn of it through the metadata log a moment later and answer "unknown topic"
 * or "not the leader" meanwhile; kafkajs's own retries do not cover every admin call.
 */
import { pause } from '@classcast/protocol';

export async function retryRetriable<T>(work: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= attempts) throw error;
      await pause(100 * attempt);
    }
  }
}
