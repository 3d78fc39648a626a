/**
 * A class's settings topic (see @classcast/protocol class-settings.ts): written by admins
 * (`classcast class create/config --max-picture`), read once by every viewer as it starts.
 *
 * The topic is compacted: Kafka keeps the newest record of each key for ever, so the settings
 * outlive the lesson's retention. Teachers and students may only read it (class-acls.ts): the
 * limit that guards their memory is not theirs to raise.
 *
 * loadClassPictureLimit is the one place a viewer learns its limit: the CLI viewers, the web
 * gateway (which tells the browser) and the desktop student all call it. It never throws: a
 * class without the topic or the record has the 4K default, and a setting that cannot be read
 * (not authorized, a broker that does not answer, a value that is not a size) gives the default
 * plus a warning for the viewer to show.
 */
import type { Admin } from 'kafkajs';
import {
  DEFAULT_MAX_PICTURE,
  DEFAULT_PICTURE_LIMIT,
  formatPictureSize,
  MAX_PICTURE_SETTING,
  pictureLimit,
  readMaxPictureValue,
  settingsTopic,
  type PictureLimit,
  type PictureSize,
} from '@classcast/protocol';
import { createClusterClient } from './cluster-client.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError } from './errors.js';
import { readToEnd } from './read-to-end.js';
import { retryRetriable } from './retry.js';

/** How long a viewer waits for its class's settings before it goes on with the default. */
export const SETTINGS_READ_TIMEOUT_MS = 15_000;
const SETTINGS_FETCH_LIMITS = { maxWaitMs: 500, maxBytesPerPartition: 1024 * 1024, maxBytes: 8 * 1024 * 1024 };

/** Creates the class's compacted settings topic if it is missing. */
export async function ensureSettingsTopic(admin: Admin, classId: string): Promise<void> {
  const topic = settingsTopic(classId);
  if ((await admin.listTopics()).includes(topic)) return;
  const brokers = (await admin.describeCluster()).brokers.length;
  await admin.createTopics({
    waitForLeaders: false,
    topics: [{ topic, numPartitions: 1, replicationFactor: Math.min(3, brokers), configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
  });
  await retryRetriable(() => admin.fetchTopicOffsets(topic), 20);
}

/** Writes one setting (acks=all), creating the topic first. The caller is an admin: nobody else may write. */
export async function writeClassSetting(connection: KafkaConnection, classId: string, key: string, value: string): Promise<void> {
  const kafka = createKafkaClient(connection);
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    await admin.connect();
    await ensureSettingsTopic(admin, classId);
    await producer.connect();
    await producer.send({ topic: settingsTopic(classId), acks: -1, messages: [{ key, value }] });
  } catch (error) {
    throw describeKafkaError(error, connection.brokers);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * The newest value of every setting of the class (a tombstone removes its key); undefined when
 * the class has no settings topic. Throws what Kafka says (not authorized, unreachable), or a
 * timeout after `timeoutMs`.
 */
export async function readClassSettings(
  connection: KafkaConnection,
  classId: string,
  timeoutMs = SETTINGS_READ_TIMEOUT_MS,
): Promise<Map<string, Buffer> | undefined> {
  const topic = settingsTopic(classId);
  const admin = createKafkaClient(connection).admin();
  // Group-less: a consumer group of its own would wait group.initial.rebalance.delay.ms (3 s on a
  // cluster with default settings) before reading, and every viewer reads this as it starts.
  const cluster = createClusterClient(connection);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  async function read(): Promise<Map<string, Buffer> | undefined> {
    await admin.connect();
    if (!(await admin.listTopics()).includes(topic)) return undefined;
    // Read up to what is there now; a compacted topic is a handful of records.
    const settings = new Map<string, Buffer>();
    await readToEnd(admin, cluster, topic, SETTINGS_FETCH_LIMITS, (_, message) => {
      const key = message.key?.toString();
      if (key === undefined) return;
      if (message.value === null) settings.delete(key);
      else settings.set(key, message.value);
    });
    return settings;
  }
  try {
    return await Promise.race([read(), timedOut]);
  } finally {
    clearTimeout(timer);
    await cluster.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

export interface ClassPictureLimit {
  /** What the viewer checks pictures against. */
  limit: PictureLimit;
  /** The size it stands for: the class's setting, or the default. */
  size: PictureSize;
  source: 'class' | 'default';
  /** Why the class's setting could not be used (the default applies); absent when all went well. */
  warning?: string;
}

/** The class's picture limit for a viewer that is starting. Never throws (see above). */
export async function loadClassPictureLimit(connection: KafkaConnection, classId: string, timeoutMs = SETTINGS_READ_TIMEOUT_MS): Promise<ClassPictureLimit> {
  const fallback = (warning?: string): ClassPictureLimit => ({
    limit: DEFAULT_PICTURE_LIMIT,
    size: DEFAULT_MAX_PICTURE,
    source: 'default',
    ...(warning === undefined ? {} : { warning: `${warning}; using the default limit of ${formatPictureSize(DEFAULT_MAX_PICTURE)}` }),
  });
  let settings: Map<string, Buffer> | undefined;
  try {
    settings = await readClassSettings(connection, classId, timeoutMs);
  } catch (error) {
    return fallback(`cannot read the settings of class ${classId}: ${describeKafkaError(error, connection.brokers).message}`);
  }
  const value = settings?.get(MAX_PICTURE_SETTING);
  if (value === undefined) return fallback();
  const checked = readMaxPictureValue(value);
  if ('problem' in checked) return fallback(`class ${classId}: ${checked.problem}`);
  return { limit: pictureLimit(checked.size), size: checked.size, source: 'class' };
}
