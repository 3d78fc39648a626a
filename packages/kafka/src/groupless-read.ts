/**
 * A student's first picture without waiting for their consumer group. Kafka holds back the first
 * assignment of every new or empty group for group.initial.rebalance.delay.ms (3 s by default,
 * and a school's cluster has the defaults), and a student's own group is always empty when they
 * join. So while the consumer joins, the subscription reads the class group-less (Fetch, as a
 * consumer does, in no group) from the live start position, with the same message handling as the
 * consumer; when the assignment arrives it stops here and the consumer goes on from each
 * partition's next offset, so no frame comes twice and none is missed.
 */
import type { KafkaMessage } from 'kafkajs';
import type { ClusterClient, FetchLimits } from './cluster-client.js';
import type { PartitionOffset } from './start-offsets.js';

export interface GrouplessRead {
  /** Moves a partition's position (the keyframe locator seeking back to a keyframe, a resume at live). */
  seek(partition: number, offset: string): void;
  /** The next offset to read in each partition: where the consumer takes over. */
  positions(): PartitionOffset[];
  /** Stops reading; resolves once the message being handled is done (the same promise every time). */
  stop(): Promise<void>;
}

export interface GrouplessReadOptions {
  /** Connected ahead if the caller could (a connection and metadata less before the first picture); stop() disconnects it. */
  client: ClusterClient;
  topic: string;
  from: readonly PartitionOffset[];
  limits: FetchLimits;
  /** Handles one message, as the consumer's eachMessage would; it may call seek(). */
  handle(partition: number, message: KafkaMessage): Promise<void>;
  /** Reading failed (no leader yet, no access, a broker gone): the consumer does it all, as without this read. */
  onFailed?(error: unknown): void;
}

export function startGrouplessRead(options: GrouplessReadOptions): GrouplessRead {
  const { client } = options;
  const positions = new Map(options.from.map(({ partition, offset }) => [partition, BigInt(offset)]));
  /** Partitions seeked while handling the current fetch's messages: the rest of their messages is stale. */
  const seeked = new Set<number>();
  let stopping = false;
  let handling: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  async function read(): Promise<void> {
    while (!stopping) {
      seeked.clear();
      const asked = [...positions].map(([partition, offset]) => ({ partition, offset: String(offset) }));
      const fetched = await client.fetchMessages(options.topic, asked, options.limits);
      for (const { partition, messages } of fetched) {
        for (const message of messages) {
          if (stopping || seeked.has(partition)) break;
          handling = options.handle(partition, message);
          await handling;
          handling = undefined;
          // After the handler, so that a handler that throws has its message read again (by the consumer).
          if (!seeked.has(partition)) positions.set(partition, BigInt(message.offset) + 1n);
        }
      }
    }
  }
  void read().catch((error: unknown) => {
    handling = undefined;
    if (!stopping) options.onFailed?.(error);
  });

  return {
    seek(partition, offset) {
      seeked.add(partition);
      positions.set(partition, BigInt(offset));
    },
    stop() {
      stopping = true;
      stopped ??= (async () => {
        await handling?.catch(() => undefined);
        // A fetch still open at the leader is dropped with the connection.
        await client.disconnect().catch(() => undefined);
      })();
      return stopped;
    },
    positions: () => [...positions].map(([partition, offset]) => ({ partition, offset: String(offset) })),
  };
}
