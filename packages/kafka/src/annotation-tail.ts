/**
 * The class's annotations as they come: the annotation topic read group-less from its oldest
 * message (the board of a late joiner and of every replayed moment is built from all of it), then
 * followed with long-polling fetches until stop(). One per class on a gateway (the fan-out), one
 * per desktop student.
 *
 * A class without an annotation topic yet is waited for, quietly (no marks is not an error); a
 * broker that cannot be reached is retried with backoff. A value that is not an annotation
 * (readAnnotationValue's reason) is counted, never handed on.
 */
import { annotationTopic, pause, pollUntil, readAnnotationValue, type Annotation } from '@classcast/protocol';
import { createClusterClient, type FetchLimits } from './cluster-client.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError } from './errors.js';

/** A fetch waits this long at the end of the topic: a new mark reaches viewers within it. */
const TAIL_FETCH_LIMITS: FetchLimits = { maxWaitMs: 500, maxBytesPerPartition: 4 * 1024 * 1024, maxBytes: 16 * 1024 * 1024 };
const TOPIC_POLL_MS = 2000;

export interface AnnotationEntry {
  /** The stream the mark is drawn over (the message key; `screen-0` when there is none). */
  streamId: string;
  /** When it was drawn (the message timestamp: the teacher's clock, as the frames' capture time). */
  time: number;
  annotation: Annotation;
  partition: number;
  offset: string;
}

export interface AnnotationTailOptions {
  connection: KafkaConnection;
  classId: string;
  /** Where to go on from (a new reader of a handed-over class); default the topic's oldest message. */
  from?: ReadonlyMap<number, bigint>;
  onEntry(entry: AnnotationEntry): void;
  /** A message that is not an annotation; `total` counts them so far. */
  onSkipped?(skipped: { total: number; reason: string }): void;
  /** A refusal (not authorized): the tail stops; the pictures go on without marks. */
  onFailed?(failure: Error): void;
}

export interface AnnotationTail {
  readonly stats: Readonly<{ entries: number; skipped: number }>;
  /** Per partition, the next offset to read: where a replacement tail goes on. */
  positions(): Map<number, bigint>;
  stop(): Promise<void>;
}

export function startAnnotationTail(options: AnnotationTailOptions): AnnotationTail {
  const topic = annotationTopic(options.classId);
  const stopped = new AbortController();
  const stats = { entries: 0, skipped: 0 };
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
      const fetched = await cluster.fetchMessages(topic, asked, TAIL_FETCH_LIMITS);
      for (const { partition, messages } of fetched) {
        for (const message of messages) {
          if (stopped.signal.aborted) return;
          positions.set(partition, BigInt(message.offset) + 1n);
          const read = readAnnotationValue(message.value);
          if ('problem' in read) {
            stats.skipped += 1;
            options.onSkipped?.({ total: stats.skipped, reason: read.problem });
            continue;
          }
          stats.entries += 1;
          const streamId = message.key?.toString() || 'screen-0';
          options.onEntry({ streamId, time: Number(message.timestamp), annotation: read.annotation, partition, offset: message.offset });
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
    stats,
    positions: () => new Map(positions),
    async stop() {
      stopped.abort();
      await running.catch(() => undefined);
      await Promise.all([cluster.disconnect().catch(() => undefined), admin.disconnect().catch(() => undefined)]);
    },
  };
}
