/**
 * The class topic: created on first broadcast with settings fit for image frames.
 * Frames are larger than Kafka's 1 MiB default (a 4K screen), and already compressed.
 */
import kafkajs, { type Admin } from 'kafkajs';
import { frameTopic } from '@classcast/protocol';
import { KafkaError } from './errors.js';
import { retryRetriable } from './retry.js';

const { ConfigResourceTypes } = kafkajs;

export interface ClassTopicSettings {
  partitions: number;
  /** Defaults to the number of brokers, at most 3. */
  replicationFactor?: number;
  /** Per-message limit: a 4K PNG screen can be several MB; 16 MiB leaves room. */
  maxMessageBytes: number;
  /** How long a lesson stays replayable. */
  retentionMs: number;
  /** At most this many bytes per partition (Kafka's retention.bytes); absent: no byte limit. */
  retentionBytes?: number;
  /**
   * Copies that must hold a frame before Kafka confirms it (the producer sends acks=all).
   * Absent: 2 when the class has 3 or more replicas (one broker may die, no frame is lost), else
   * the broker's default.
   */
  minInsyncReplicas?: number;
}

/** Settings an admin changes on an existing class (`classcast class config`). */
export type ClassTopicChange = Partial<Pick<ClassTopicSettings, 'maxMessageBytes' | 'retentionMs' | 'retentionBytes' | 'minInsyncReplicas'>>;

const HOUR_MS = 60 * 60 * 1000;
const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/**
 * Kafka deletes closed segments only, and rolls a segment at 1 GiB or after 7 days by default:
 * then retention.ms bounds nothing. A segment spans at most a tenth of the retention (and an hour),
 * so the disk holds at most the retention plus a tenth; with a byte limit, a segment is a tenth of
 * it, never smaller than the largest frame (Kafka refuses a batch larger than a segment).
 */
export function retentionConfigs(settings: Pick<ClassTopicSettings, 'retentionMs' | 'retentionBytes' | 'maxMessageBytes'>): Record<string, string> {
  const { retentionMs, retentionBytes, maxMessageBytes } = settings;
  // -1 is Kafka's "forever" (an admin may have set it with the Kafka tools): hour-long segments then.
  const forever = retentionMs === -1;
  if (!forever && (!Number.isInteger(retentionMs) || retentionMs < 1000)) {
    throw new KafkaError('CC_BAD_RETENTION', `retention ${retentionMs} ms: a class keeps its lesson at least 1 s`);
  }
  const configs: Record<string, string> = {
    'retention.ms': String(retentionMs),
    'segment.ms': String(forever ? HOUR_MS : Math.min(HOUR_MS, Math.ceil(retentionMs / 10))),
  };
  if (retentionBytes !== undefined) {
    if (!Number.isInteger(retentionBytes) || retentionBytes < 2 * maxMessageBytes) {
      throw new KafkaError(
        'CC_BAD_RETENTION',
        `retention bytes ${retentionBytes}: at least two of the largest frames (2 × max.message.bytes = ${2 * maxMessageBytes}) must fit`,
      );
    }
    configs['retention.bytes'] = String(retentionBytes);
    // Kafka 4 refuses segments under 1 MiB.
    configs['segment.bytes'] = String(Math.min(GIB, Math.max(MIB, maxMessageBytes, Math.floor(retentionBytes / 10))));
  }
  return configs;
}

/** min.insync.replicas for a class of this replication factor: the asked value checked, or 2 from 3 copies up. */
export function minInsyncConfig(replicationFactor: number, asked?: number): Record<string, string> {
  if (asked !== undefined && (!Number.isInteger(asked) || asked < 1 || asked > replicationFactor)) {
    throw new KafkaError('CC_BAD_MIN_INSYNC', `min.insync.replicas ${asked} must be 1..${replicationFactor}, the class's replication factor`);
  }
  const value = asked ?? (replicationFactor >= 3 ? 2 : undefined);
  return value === undefined ? {} : { 'min.insync.replicas': String(value) };
}

export const CLASS_TOPIC_DEFAULTS: ClassTopicSettings = {
  partitions: 1,
  maxMessageBytes: 16 * 1024 * 1024,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
};

/**
 * The admin command that lets class `classId` take a frame of `frameBytes`: classcast's default
 * limit, or room for twice that frame when it is larger still (the next one may be bigger).
 */
export function raiseFrameLimitCommand(classId: string, frameBytes: number): string {
  const bytes = Math.max(CLASS_TOPIC_DEFAULTS.maxMessageBytes, Math.ceil((2 * frameBytes) / MIB) * MIB);
  return `classcast class config --class ${classId} --max-frame-bytes ${bytes}`;
}

/** The settings that are Kafka topic configs, by their config name (written on create, read back). */
const TOPIC_CONFIGS = {
  maxMessageBytes: 'max.message.bytes',
  retentionMs: 'retention.ms',
  retentionBytes: 'retention.bytes',
  minInsyncReplicas: 'min.insync.replicas',
} as const satisfies Partial<Record<keyof ClassTopicSettings, string>>;
type ConfigSetting = keyof typeof TOPIC_CONFIGS;
const CONFIG_SETTINGS = Object.keys(TOPIC_CONFIGS) as ConfigSetting[];

/** Creates the class topic if it is missing. Returns true when it was created now. */
export async function ensureClassTopic(admin: Admin, classId: string, settings: Partial<ClassTopicSettings> = {}): Promise<boolean> {
  const topic = frameTopic(classId);
  const existing = await admin.listTopics();
  if (existing.includes(topic)) return false;
  const merged = { ...CLASS_TOPIC_DEFAULTS, ...settings };
  const brokers = (await admin.describeCluster()).brokers.length;
  const replicationFactor = merged.replicationFactor ?? Math.min(3, brokers);
  const configs = {
    'max.message.bytes': String(merged.maxMessageBytes),
    ...retentionConfigs(merged),
    ...minInsyncConfig(replicationFactor, merged.minInsyncReplicas),
  };
  const configEntries = [
    ...Object.entries(configs).map(([name, value]) => ({ name, value })),
    // The message timestamp is the capture time, so Kafka's time index finds frames by wall-clock time.
    { name: 'message.timestamp.type', value: 'CreateTime' },
    // JPEG/WebP payloads are already compressed; let the producer's choice (none) stand.
    { name: 'compression.type', value: 'producer' },
  ];
  // createTopics answers false (no error) when another teacher created it a moment earlier.
  // kafkajs's own waitForLeaders gives up on Kafka 4's "unknown topic" for a topic the broker
  // has not loaded yet; we wait for the leader ourselves.
  const created = await admin.createTopics({
    waitForLeaders: false,
    topics: [{ topic, numPartitions: merged.partitions, replicationFactor, configEntries }],
  });
  await retryRetriable(() => admin.fetchTopicOffsets(topic), 20);
  return created;
}

/**
 * The settings an existing class topic has now (an admin may have changed them), so a topic
 * deleted mid-lesson comes back as it was. Partitions and replicas come from metadata; configs
 * need DescribeConfigs, which a teacher on a secured cluster does not have: then only those.
 */
export async function readClassTopicSettings(admin: Admin, classId: string): Promise<Partial<ClassTopicSettings>> {
  const topic = frameTopic(classId);
  const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
  const settings: Partial<ClassTopicSettings> = {};
  if (metadata && metadata.partitions.length > 0) {
    settings.partitions = metadata.partitions.length;
    settings.replicationFactor = metadata.partitions[0]!.replicas.length;
  }
  const configs = await admin
    .describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] })
    .then(({ resources }) => new Map((resources[0]?.configEntries ?? []).map((entry) => [entry.configName, Number(entry.configValue)])))
    .catch(() => new Map<string, number>());
  for (const setting of CONFIG_SETTINGS) {
    const value = configs.get(TOPIC_CONFIGS[setting]);
    // retention.bytes -1 is Kafka's "no limit" (retention.ms -1, "forever", is kept as it is).
    if (value !== undefined && Number.isFinite(value) && (value >= 0 || setting === 'retentionMs')) settings[setting] = value;
  }
  // A cluster-wide min.insync.replicas above this topic's copies is the broker's, not the class's.
  if ((settings.minInsyncReplicas ?? 0) > (settings.replicationFactor ?? Infinity)) delete settings.minInsyncReplicas;
  return settings;
}

/**
 * Creates a one-partition side topic of a class (its announcements, its annotations) unless it
 * exists: replicated as the class topic is, message timestamps set by the writer (the time index
 * finds notices and marks by when they were made), and waits for its leader.
 */
export async function ensureSideTopic(admin: Admin, topic: string, configs: Record<string, string>): Promise<void> {
  if ((await admin.listTopics()).includes(topic)) return;
  const brokers = (await admin.describeCluster()).brokers.length;
  const configEntries = [...Object.entries(configs).map(([name, value]) => ({ name, value })), { name: 'message.timestamp.type', value: 'CreateTime' }];
  await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: 1, replicationFactor: Math.min(3, brokers), configEntries }] });
  await retryRetriable(() => admin.fetchTopicOffsets(topic), 20);
}
