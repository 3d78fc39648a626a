/**
 * The teacher's side of a class stream: sends each frame as one Kafka message, key = stream id,
 * message timestamp = capture time. Creates the class topic when it is missing, also when it
 * disappears mid-lesson (see recreateDeletedTopic).
 */
import { CompressionTypes, type Admin, type Producer } from 'kafkajs';
import { ClasscastError, DEFAULT_STREAM_ID, encodeFrame, formatBytes, frameTopic, type EncodedMessage, type Frame } from '@classcast/protocol';
import { CLASS_TOPIC_DEFAULTS, ensureClassTopic, raiseFrameLimitCommand, readClassTopicSettings, type ClassTopicSettings } from './class-topic.js';
import type { KafkaConnection } from './connection.js';
import { createLiveStreamClient } from './hung-broker-watchdog.js';
import { describeKafkaError, KafkaError } from './errors.js';
import { findLastSequence } from './last-sequence.js';

export interface BroadcasterOptions {
  connection: KafkaConnection;
  classId: string;
  streamId?: string;
  /** Settings used only when the class topic has to be created; an existing topic keeps its own. */
  topic?: Partial<ClassTopicSettings>;
  /** -1 (all in-sync replicas, the default) or 1 (leader only). */
  acks?: -1 | 1;
}

export type OutgoingFrame = Omit<Frame, 'streamId'>;

export interface SendResult {
  partition: number;
  offset: string;
  bytes: number;
}

export interface Broadcaster {
  readonly topic: string;
  /** The sequence number the next frame of this stream should carry. */
  readonly nextSequence: number;
  start(): Promise<void>;
  send(frame: OutgoingFrame): Promise<SendResult>;
  /** "Still here, screen unchanged": an empty message naming the last keyframe sent. */
  heartbeat(captureTime?: number): Promise<SendResult | undefined>;
  /** Tells the students the broadcast ended; their last picture stays. */
  end(): Promise<SendResult | undefined>;
  stop(): Promise<void>;
}

export function createBroadcaster(options: BroadcasterOptions): Broadcaster {
  const topic = frameTopic(options.classId);
  const streamId = options.streamId ?? DEFAULT_STREAM_ID;
  /** The class topic's settings: the teacher's for a new topic, the topic's own for an existing one. */
  let topicSettings: Partial<ClassTopicSettings> = options.topic ?? {};
  const maxMessageBytes = () => topicSettings.maxMessageBytes ?? CLASS_TOPIC_DEFAULTS.maxMessageBytes;
  const { kafka, watchdog } = createLiveStreamClient({ clientId: `classcast-teacher-${options.classId}`, ...options.connection });
  const acks = options.acks ?? -1;
  // Idempotence keeps a retried send from writing a frame twice (needs acks=all).
  const producer: Producer = kafka.producer({
    idempotent: acks === -1,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // kafkajs refreshes metadata after "not the leader", but not after a request timed out on a
    // hung leader: without a short metadata age it would keep sending to it (5 min default).
    metadataMaxAge: 1000,
  });
  watchdog.watch(producer);
  const fail = (error: unknown) => describeKafkaError(error, options.connection.brokers);
  let last: OutgoingFrame | undefined;
  /** Where a restarted teacher goes on counting, before its first frame of this run. */
  let firstSequence = 0;

  async function produce(frame: OutgoingFrame): Promise<SendResult> {
    const message = encodeFrame({ ...frame, streamId });
    // Headers and framing add well under 1 KiB; refuse early with a clear line instead of a broker error.
    if (message.value.length + 1024 > maxMessageBytes()) {
      throw new KafkaError(
        'CC_FRAME_TOO_LARGE',
        `frame ${frame.sequence} is ${formatBytes(message.value.length)}, over the limit of class ${options.classId} (max.message.bytes ${formatBytes(maxMessageBytes())}): ` +
          `an admin raises it with "${raiseFrameLimitCommand(options.classId, message.value.length)}" (or lower --quality or --scale)`,
      );
    }
    try {
      const result = await sendFrameMessage(producer, topic, acks, message, frame.captureTime);
      last = frame;
      return result;
    } catch (error) {
      const failure = fail(error);
      throw failure.code === 'CC_CLASS_NOT_FOUND' ? await recreateDeletedTopic(failure) : failure;
    }
  }

  /**
   * The class topic vanished under a running broadcast: an admin deleted it (or the whole class)
   * mid-lesson. We create it again and go on rather than stop: the teacher is in front of a class
   * and wants the lesson to continue, and what was deleted (the recording so far) cannot be
   * brought back by stopping. An admin who wants the class gone for good takes the teacher's
   * CREATE right away (`classcast class revoke --class C --teacher T`); then the broadcast stops with one clear line.
   * The error is retriable and says what happened; the session answers it with a keyframe, since
   * the deltas that follow would build on a picture the new topic does not hold.
   */
  async function recreateDeletedTopic(failure: ClasscastError): Promise<ClasscastError> {
    const admin: Admin = kafka.admin();
    try {
      await admin.connect();
      // Still there: only the producer's metadata lagged; retry as before.
      if ((await admin.listTopics()).includes(topic)) return failure;
      await ensureClassTopic(admin, options.classId, topicSettings);
      return new KafkaError(
        'CC_CLASS_TOPIC_DELETED',
        `the class topic ${topic} was deleted during the lesson; it was created again and the broadcast goes on (what was sent before is gone from the recording)`,
        { retriable: true, cause: failure },
      );
    } catch (error) {
      const reason = fail(error);
      if (reason.retriable) return failure;
      return new KafkaError(
        'CC_CLASS_TOPIC_DELETED',
        `the class topic ${topic} was deleted during the lesson and could not be created again (${reason.message}): the broadcast stops`,
        { cause: error },
      );
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  return {
    topic,
    get nextSequence() {
      return last ? last.sequence + 1 : firstSequence;
    },
    async start() {
      const admin: Admin = kafka.admin();
      try {
        await admin.connect();
        const created = await ensureClassTopic(admin, options.classId, options.topic);
        if (!created) {
          topicSettings = { ...options.topic, ...(await readClassTopicSettings(admin, options.classId)) };
          firstSequence = ((await findLastSequence(admin, options.connection, options.classId, topic, streamId)) ?? -1) + 1;
        }
        await producer.connect();
      } catch (error) {
        throw fail(error);
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    send: produce,
    ...emptyFrameSenders(() => last, produce),
    async stop() {
      watchdog.stop();
      await producer.disconnect();
    },
  };
}

/** Sends one encoded frame, its timestamp the capture time, uncompressed (pictures are). */
export async function sendFrameMessage(producer: Producer, topic: string, acks: -1 | 1, message: EncodedMessage, captureTime: number): Promise<SendResult> {
  const [metadata] = await producer.send({
    topic,
    acks,
    compression: CompressionTypes.None,
    messages: [
      {
        key: message.key,
        value: Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength),
        headers: message.headers,
        timestamp: String(captureTime),
      },
    ],
  });
  return { partition: metadata!.partition, offset: metadata!.baseOffset ?? '-1', bytes: message.value.length };
}

/**
 * A Broadcaster's heartbeat() and end(): each sends, through `produce`, an empty frame after the
 * one `lastSent` returns; before the first frame there is nothing to repeat, so nothing is sent.
 */
export function emptyFrameSenders(
  lastSent: () => OutgoingFrame | undefined,
  produce: (frame: OutgoingFrame) => Promise<SendResult>,
): Pick<Broadcaster, 'heartbeat' | 'end'> {
  const sendAfterLast = async (kind: 'heartbeat' | 'end', captureTime: number) => {
    const frame = emptyAfterLast(lastSent(), kind, captureTime);
    return frame && produce(frame);
  };
  return {
    heartbeat: (captureTime = Date.now()) => sendAfterLast('heartbeat', captureTime),
    end: () => sendAfterLast('end', Date.now()),
  };
}

/** An empty message of `kind` that repeats the meta of the `last` frame, one sequence later (undefined before the first). */
function emptyAfterLast(last: OutgoingFrame | undefined, kind: 'heartbeat' | 'end', captureTime: number): OutgoingFrame | undefined {
  if (!last) return undefined;
  // Everything of the last frame but its picture: what it builds on, its size and codec.
  const { refreshOf: _picturesOwn, ...base } = last;
  return { ...base, kind, sequence: last.sequence + 1, captureTime: Math.max(captureTime, last.captureTime), payload: new Uint8Array(0) };
}
