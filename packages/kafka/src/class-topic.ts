/**
 * The class topic: created on first broadcast with settings fit for image frames.
 * Frames are larger than Kafka's 1 MiB default (a 4K screen), and already compressed.
 */
import kafkajs, { type Admin } from 'kafkajs';
import { frameTopic } from '@classcast/protocol';
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
  /** Frames need only one in-sync copy unless the cluster is replicated (issue: reliability). */
  minInsyncReplicas?: number;
}

export const CLASS_TOPIC_DEFAULTS: ClassTopicSettings = {
  partitions: 1,
  maxMessageBytes: 16 * 1024 * 1024,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
};

/** The settings that are Kafka topic configs, by their config name (written on create, read back). */
const TOPIC_CONFIGS = {
  maxMessageBytes: 'max.message.bytes',
  retentionMs: 'retention.ms',
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
  const configEntries = [
    // min.insync.replicas is left to the broker unless asked for.
    ...CONFIG_SETTINGS.flatMap((setting) => (merged[setting] ? [{ name: TOPIC_CONFIGS[setting], value: String(merged[setting]) }] : [])),
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
    if (value !== undefined && Number.isFinite(value)) settings[setting] = value;
  }
  return settings;
}
