/**
 * The class's annotations as they come: the annotation topic followed from its oldest message
 * (topic-tail.ts; the board of a late joiner and of every replayed moment is built from all of
 * it). One per class on a gateway (the fan-out), one per desktop student. A value that is not an
 * annotation (readAnnotationValue's reason) is counted, never handed on.
 */
import { annotationTopic, readAnnotationValue, type Annotation } from '@classcast/protocol';
import type { FetchLimits } from './cluster-client.js';
import type { KafkaConnection } from './connection.js';
import { startTopicTail } from './topic-tail.js';

/** A fetch waits this long at the end of the topic: a new mark reaches viewers within it. */
const TAIL_FETCH_LIMITS: FetchLimits = { maxWaitMs: 500, maxBytesPerPartition: 4 * 1024 * 1024, maxBytes: 16 * 1024 * 1024 };

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
  const stats = { entries: 0, skipped: 0 };
  const tail = startTopicTail({
    connection: options.connection,
    topic: annotationTopic(options.classId),
    limits: TAIL_FETCH_LIMITS,
    ...(options.from ? { from: options.from } : {}),
    ...(options.onFailed ? { onFailed: options.onFailed } : {}),
    onMessage(partition, message) {
      const read = readAnnotationValue(message.value);
      if ('problem' in read) {
        stats.skipped += 1;
        options.onSkipped?.({ total: stats.skipped, reason: read.problem });
        return;
      }
      stats.entries += 1;
      const streamId = message.key?.toString() || 'screen-0';
      options.onEntry({ streamId, time: Number(message.timestamp), annotation: read.annotation, partition, offset: message.offset });
    },
  });
  return { stats, positions: tail.positions, stop: tail.stop };
}
