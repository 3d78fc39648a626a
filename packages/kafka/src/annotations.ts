/**
 * The class's annotation stream on Kafka (the message is protocol's annotation.ts): the teacher's
 * writer, and the boards as they stand now, which a late joiner draws over its first picture.
 *
 * The annotation topic is made beside the class topic with its retention, so marks last exactly
 * as long as the pictures they were drawn on. Boards are read group-less (read-to-end.ts): a
 * joiner gets them without waiting for a consumer group.
 */
import {
  annotationTopic,
  applyAnnotation,
  emptyBoard,
  encodeAnnotation,
  frameTopic,
  readAnnotationValue,
  type Annotation,
  type AnnotationBoard,
} from '@classcast/protocol';
import type { Admin } from 'kafkajs';
import { CLASS_TOPIC_DEFAULTS, ensureSideTopic, readClassTopicSettings, retentionConfigs } from './class-topic.js';
import type { FetchLimits } from './cluster-client.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError } from './errors.js';
import { readTopicToEnd } from './read-to-end.js';

/** Annotations are small (MAX_ANNOTATION_BYTES at most); a board is a few fetches. */
const ANNOTATION_FETCH_LIMITS: FetchLimits = { maxWaitMs: 0, maxBytesPerPartition: 4 * 1024 * 1024, maxBytes: 16 * 1024 * 1024 };

export interface AnnotationWriter {
  /** Creates the annotation topic when missing, and connects. */
  start(): Promise<void>;
  /** Writes one annotation over stream `streamId` (its frames' key), drawn now. */
  draw(streamId: string, annotation: Annotation): Promise<void>;
  stop(): Promise<void>;
}

export function createAnnotationWriter({ connection, classId }: { connection: KafkaConnection; classId: string }): AnnotationWriter {
  const topic = annotationTopic(classId);
  const kafka = createKafkaClient(connection);
  // Not idempotent: a mark sent twice is drawn once (a stroke replaces itself by its id, a clear
  // clears again), and a teacher needs no more than WRITE on the topic.
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const fail = (error: unknown) => describeKafkaError(error, connection.brokers);
  return {
    async start() {
      const admin = kafka.admin();
      try {
        await admin.connect();
        await ensureAnnotationTopic(admin, classId);
        await producer.connect();
      } catch (error) {
        throw fail(error);
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    async draw(streamId, annotation) {
      const value = Buffer.from(encodeAnnotation(annotation));
      try {
        await producer.send({ topic, acks: -1, messages: [{ key: streamId, value, timestamp: String(Date.now()) }] });
      } catch (error) {
        throw fail(error);
      }
    },
    async stop() {
      await producer.disconnect();
    },
  };
}

/** Creates the class's annotation topic when missing, with the class topic's retention (the defaults when there is none yet). */
export async function ensureAnnotationTopic(admin: Admin, classId: string): Promise<void> {
  const topic = annotationTopic(classId);
  const topics = await admin.listTopics();
  if (topics.includes(topic)) return;
  const classSettings = topics.includes(frameTopic(classId)) ? await readClassTopicSettings(admin, classId) : {};
  await ensureSideTopic(admin, topic, retentionConfigs({ ...CLASS_TOPIC_DEFAULTS, ...classSettings }));
}

export interface AnnotationBoards {
  /** Per stream id: what is on its board. */
  boards: Map<string, AnnotationBoard>;
  /** Messages that are not annotations (each refused with a reason), and the newest reason. */
  skipped: number;
  lastProblem?: string;
}

/**
 * The boards as they stand: every annotation of the class applied in order, up to `until` (a
 * time on the lesson's clock; default now). A class without an annotation topic has empty boards.
 */
export async function readAnnotationBoards(connection: KafkaConnection, classId: string, until = Number.POSITIVE_INFINITY): Promise<AnnotationBoards> {
  const boards = new Map<string, AnnotationBoard>();
  const read = await readAnnotations(connection, classId, until, ({ streamId, annotation }) => {
    let board = boards.get(streamId);
    if (board === undefined) boards.set(streamId, (board = emptyBoard()));
    applyAnnotation(board, annotation);
  });
  return { boards, ...read };
}

/** One annotation as drawn: over which stream, and when (the message timestamp). */
export interface TimedAnnotation {
  streamId: string;
  time: number;
  annotation: Annotation;
}

export interface AnnotationHistory {
  /** Every annotation up to `until`, in time order (the topic's order where times are equal). */
  annotations: TimedAnnotation[];
  skipped: number;
  lastProblem?: string;
}

/**
 * Every annotation of the class up to `until`, for a caller that replays the boards as time passes
 * (an export draws each video frame's board as it stood at that frame's capture time).
 */
export async function readAnnotationHistory(connection: KafkaConnection, classId: string, until = Number.POSITIVE_INFINITY): Promise<AnnotationHistory> {
  const annotations: TimedAnnotation[] = [];
  const read = await readAnnotations(connection, classId, until, (timed) => annotations.push(timed));
  // Array.prototype.sort is stable: equal times keep the topic's order.
  return { annotations: annotations.sort((a, b) => a.time - b.time), ...read };
}

async function readAnnotations(
  connection: KafkaConnection,
  classId: string,
  until: number,
  onAnnotation: (timed: TimedAnnotation) => void,
): Promise<{ skipped: number; lastProblem?: string }> {
  const result: { skipped: number; lastProblem?: string } = { skipped: 0 };
  await readTopicToEnd(connection, annotationTopic(classId), ANNOTATION_FETCH_LIMITS, (_, message) => {
    const time = Number(message.timestamp);
    if (time > until) return;
    const read = readAnnotationValue(message.value);
    if ('problem' in read) {
      result.skipped += 1;
      result.lastProblem = read.problem;
      return;
    }
    onAnnotation({ streamId: message.key?.toString() ?? 'screen-0', time, annotation: read.annotation });
  });
  return result;
}
