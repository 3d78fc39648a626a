/**
 * A small side topic of a class followed as it grows: read group-less from its oldest message (or
 * from given positions), then long-polling fetches at its end until stop(). The annotations (every
 * board is built from all of them) and the share decisions (who holds the screen) are read so,
 * once per class on a gateway, once per desktop student.
 *
 * A topic that does not exist yet is waited for, quietly (no marks, no share is not an error); a
 * broker that cannot be reached is retried with backoff; a refusal (not authorized) stops the tail
 * through onFailed.
 */
import type { KafkaMessage } from 'kafkajs';
import { pause, pollUntil } from '@classcast/protocol';
import { createClusterClient, type FetchLimits } from './cluster-client.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError } from './errors.js';

const TOPIC_POLL_MS = 2000;

export interface TopicTailOptions {
  connection: KafkaConnection;
  topic: string;
  /** A fetch waits this long at the end of the topic: a new message arrives within it. */
  limits: FetchLimits;
  /** Where to go on from (a new reader of a handed-over class); default the topic's oldest message. */
  from?: ReadonlyMap<number, bigint>;
  onMessage(partition: number, message: KafkaMessage): void;
  onFailed?(failure: Error): void;
}

export interface TopicTail {
  /** Per partition, the next offset to read: where a replacement tail goes on. */
  positions(): Map<number, bigint>;
  stop(): Promise<void>;
}

export function startTopicTail(options: TopicTailOptions): TopicTail {
  const { topic } = options;
  const stopped = new AbortController();
  const positions = new Map(options.from ?? []);
  const cluster = createClusterClient(options.connection);
  const admin = createKafkaClient(options.connection).admin();

  async function locate(): Promise<boolean> {
    await admin.connect();
    const found = await pollUntil(async () => (await admin.listTopics()).includes(topic), { intervalMs: TOPIC_POLL_MS, signal: stopped.signal });
    if (found !== true) return false;
    for (const { partition, low } of await admin.fetchTopicOffsets(topic)) if (!positions.has(partition)) positions.set(partition, BigInt(low));
    return true;
  }

  async function follow(): Promise<void> {
    while (!stopped.signal.aborted) {
      const asked = [...positions].map(([partition, offset]) => ({ partition, offset: String(offset) }));
      const fetched = await cluster.fetchMessages(topic, asked, options.limits);
      for (const { partition, messages } of fetched) {
        for (const message of messages) {
          if (stopped.signal.aborted) return;
          positions.set(partition, BigInt(message.offset) + 1n);
          options.onMessage(partition, message);
        }
      }
    }
  }

  async function run(): Promise<void> {
    for (let delay = 1000; !stopped.signal.aborted; delay = Math.min(delay * 2, 30_000)) {
      try {
        if (positions.size === 0 && !(await locate())) return;
        await follow();
        return;
      } catch (error) {
        if (stopped.signal.aborted) return;
        const failure = describeKafkaError(error, options.connection.brokers);
        if (!failure.retriable) return options.onFailed?.(failure);
        if (!(await pause(delay, stopped.signal))) return;
      }
    }
  }

  const running = run();
  return {
    positions: () => new Map(positions),
    async stop() {
      stopped.abort();
      await running.catch(() => undefined);
      await Promise.all([cluster.disconnect().catch(() => undefined), admin.disconnect().catch(() => undefined)]);
    },
  };
}
