/**
 * Announcements of a class (see @classcast/protocol announcement.ts): the writer a teacher uses
 * (`classcast announce`), and the reader every student runs beside its frame subscription.
 *
 * A reader shows what is announced from the moment it joins, plus the recent past (10 minutes by
 * default) so a late joiner sees the notice that is current. It reads in a group of its own that
 * commits nothing, found by Kafka's time index. A class whose announcement topic does not exist
 * yet is waited for, quietly, until the reader is stopped: no announcement is not an error; nor
 * is a broker that is down for a while (retried with backoff).
 * Values that are not short UTF-8 text are skipped and counted, never shown.
 *
 * "Eyes on me" (a message of kind eyes-on-me, announcement.ts) reaches onEyesOnMe only when it was
 * written after the reader joined: the reader notes where the topic ended as it joined, so a late
 * joiner is not pulled by one made before it came (Kafka's offsets, not clocks that may differ).
 */
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, EachMessagePayload } from 'kafkajs';
import {
  ANNOUNCEMENT_KIND_HEADER,
  announcementReaderGroupId,
  announcementTopic,
  checkAnnouncementText,
  EYES_ON_ME_KIND,
  pause,
  pollUntil,
  readAnnouncementMessage,
  type Announcement,
  frameTopic,
} from '@classcast/protocol';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { ensureSideTopic } from './class-topic.js';
import { describeKafkaError, KafkaError } from './errors.js';
import { resolveStartOffsets, type PartitionOffset } from './start-offsets.js';

/** How far back a joining student looks, so the notice that is current is on screen. */
export const RECENT_ANNOUNCEMENTS_MS = 10 * 60_000;
/** Notices are small; a week, like a lesson, is plenty. */
const ANNOUNCEMENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const TOPIC_POLL_MS = 2000;
const STOP_WAIT_MS = 3000;

export interface ReceivedAnnouncement extends Announcement {
  partition: number;
  offset: string;
}

export interface AnnouncementReaderOptions {
  connection: KafkaConnection;
  classId: string;
  /** Names the reader's group (a student name, say); a random suffix keeps readers apart. */
  readerId?: string;
  /** Announcements made this long before joining are shown too (default 10 minutes). */
  recentMs?: number;
  onAnnouncement(announcement: ReceivedAnnouncement): void;
  /** The teacher asked everyone to look (written after this reader joined); `time` is when. */
  onEyesOnMe?(eyesOnMe: { time: number; partition: number; offset: string }): void;
  /** A message that is not an announcement; `total` counts them all so far. */
  onSkipped?(skipped: { total: number; reason: string; partition: number; offset: string }): void;
}

export interface AnnouncementReader {
  readonly topic: string;
  readonly stats: Readonly<{ shown: number; skipped: number }>;
  /**
   * Waits for the announcement topic (as long as it takes, until stop()) and joins; resolves once
   * reading, or at stop(). A broker that cannot be reached is retried; only a refusal (not
   * authorized, bad credentials) throws.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createAnnouncementReader(options: AnnouncementReaderOptions): AnnouncementReader {
  const topic = announcementTopic(options.classId);
  // Kept short so a long student name still makes a valid group name (64 characters at most).
  const readerId = `${(options.readerId ?? 'reader').slice(0, 40)}-${randomUUID().slice(0, 8)}`;
  const groupId = announcementReaderGroupId(options.classId, readerId);
  const kafka = createKafkaClient({ clientId: `classcast-${groupId}`, ...options.connection });
  const admin: Admin = kafka.admin();
  const consumer: Consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 1000,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    // As a Subscription does: outlive a broker restart, kafkajs backs off.
    retry: { retries: 8, restartOnFailure: async () => true },
  });
  const stats = { shown: 0, skipped: 0 };
  const joinedAt = Date.now();
  const stopped = new AbortController();
  let startOffsets: PartitionOffset[] | undefined;
  /** Per partition, the offset after the last message handled: a rejoin (the group commits nothing) goes on from there. */
  const nextOffsets = new Map<number, string>();
  let running: Promise<void> | undefined;
  /** Per partition, where the topic ended as the reader joined: "eyes on me" before it is old. */
  let endsAtJoin = new Map<number, bigint>();

  function handle({ partition, message }: EachMessagePayload): Promise<void> {
    nextOffsets.set(partition, String(BigInt(message.offset) + 1n));
    const checked = readAnnouncementMessage(message.headers, message.value);
    if ('problem' in checked) {
      stats.skipped += 1;
      options.onSkipped?.({ total: stats.skipped, reason: checked.problem, partition, offset: message.offset });
    } else if ('eyesOnMe' in checked) {
      if (BigInt(message.offset) >= (endsAtJoin.get(partition) ?? 0n))
        options.onEyesOnMe?.({ time: Number(message.timestamp), partition, offset: message.offset });
    } else {
      stats.shown += 1;
      options.onAnnouncement({ text: checked.text, time: Number(message.timestamp), partition, offset: message.offset });
    }
    return Promise.resolve();
  }

  /** Finds where to start; a broker that cannot be reached (yet) is retried until stop(), with backoff. */
  async function locateStart(): Promise<boolean> {
    for (let delay = 1000; ; delay = Math.min(delay * 2, 30_000)) {
      try {
        await admin.connect();
        // A topic made after the reader joined holds nothing from before.
        const existed = (await admin.listTopics()).includes(topic);
        if (!existed && !(await waitForTopic(admin, topic, stopped.signal))) return false;
        if (existed) endsAtJoin = new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, BigInt(high)]));
        startOffsets = await resolveStartOffsets(admin, topic, { time: joinedAt - (options.recentMs ?? RECENT_ANNOUNCEMENTS_MS) }, false);
        return true;
      } catch (error) {
        const failure = describeKafkaError(error, options.connection.brokers);
        if (!failure.retriable) throw failure;
        if (!(await pause(delay, stopped.signal))) return false;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
  }

  async function run(): Promise<void> {
    if (!(await locateStart())) return;
    if (stopped.signal.aborted) return;
    // As in subscription.ts: seeks given while joining apply before the first fetch.
    const joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => {
        const from = startOffsets ?? [...nextOffsets].map(([partition, offset]) => ({ partition, offset }));
        for (const { partition, offset } of from) consumer.seek({ topic, partition, offset });
        startOffsets = undefined;
        resolve();
      });
      if (stopped.signal.aborted) resolve();
      else stopped.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: false });
      await consumer.run({ eachMessage: handle, autoCommit: false });
    } catch (error) {
      throw describeKafkaError(error, options.connection.brokers);
    }
    await joined;
  }

  return {
    topic,
    stats,
    start() {
      running ??= run();
      return running;
    },
    async stop() {
      stopped.abort();
      // A connect to a dead broker can take kafkajs's whole retry budget; run() checks the abort
      // before it starts the consumer, so leaving must not wait that long.
      const settled = running?.catch(() => undefined);
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
      await consumer.disconnect().catch(() => undefined);
    },
  };
}

/** true once the topic exists; false when stopped first. */
async function waitForTopic(admin: Admin, topic: string, signal: AbortSignal): Promise<boolean> {
  return (await pollUntil(async () => (await admin.listTopics()).includes(topic), { intervalMs: TOPIC_POLL_MS, signal })) === true;
}

/** Creates the class's announcement topic if it is missing (the broker does not auto-create topics). */
export async function ensureAnnouncementTopic(admin: Admin, classId: string): Promise<void> {
  await ensureSideTopic(admin, announcementTopic(classId), { 'retention.ms': String(ANNOUNCEMENT_RETENTION_MS) });
}

/** Writes one announcement to the class (creating its topic if needed); bad text is refused with a clear error. */
export interface AnnounceOptions {
  connection: KafkaConnection;
  classId: string;
  text: string;
  /**
   * Refuse a class that has no topic yet (CC_CLASS_NOT_FOUND): for a typed class id, where a typo
   * would leave the notice unseen in a topic of its own. A teacher announcing to its own class
   * before the first picture leaves it off.
   */
  requireClass?: boolean;
}

export async function announce({ connection, classId, text, requireClass = false }: AnnounceOptions): Promise<ReceivedAnnouncement> {
  const checked = checkAnnouncementText(text);
  if ('problem' in checked) throw new KafkaError('CC_BAD_ANNOUNCEMENT', `cannot announce: ${checked.problem}`);
  const sent = await writeToAnnouncements({ connection, classId, requireClass }, { value: checked.text });
  return { text: checked.text, ...sent };
}

/**
 * "Eyes on me": every student of the class goes back to live and is asked to go full screen. An
 * empty value with the kind in a header (announcement.ts), so an older viewer skips it.
 */
export async function announceEyesOnMe(options: Omit<AnnounceOptions, 'text'>): Promise<{ time: number; partition: number; offset: string }> {
  return writeToAnnouncements(options, { value: null, headers: { [ANNOUNCEMENT_KIND_HEADER]: EYES_ON_ME_KIND } });
}

async function writeToAnnouncements(
  { connection, classId, requireClass = false }: Omit<AnnounceOptions, 'text'>,
  message: { value: string | null; headers?: Record<string, string> },
): Promise<{ time: number; partition: number; offset: string }> {
  const topic = announcementTopic(classId);
  const kafka = createKafkaClient(connection);
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    await admin.connect();
    if (requireClass && !(await admin.listTopics()).includes(frameTopic(classId))) {
      throw new KafkaError(
        'CC_CLASS_NOT_FOUND',
        `class ${classId} does not exist (no teacher has broadcast to it, and no admin created it): check --class, or create it with "classcast class create --class ${classId}"`,
      );
    }
    await ensureAnnouncementTopic(admin, classId);
    await producer.connect();
    const time = Date.now();
    const [sent] = await producer.send({ topic, acks: -1, messages: [{ ...message, timestamp: String(time) }] });
    return { time, partition: sent?.partition ?? 0, offset: sent?.baseOffset ?? '0' };
  } catch (error) {
    throw describeKafkaError(error, connection.brokers);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
