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

/** Creates the class topic if it is missing. Returns true when it was created now. */
export async function ensureClassTopic(
  admin: Admin,
  classId: string,
  settings: Partial<ClassTopicSettings> = {},
): Promise<boolean> {
  const topic = frameTopic(classId);
  const existing = await admin.listTopics();
  if (existing.includes(topic)) return false;
  const merged = { ...CLASS_TOPIC_DEFAULTS, ...settings };
  const brokers = (await admin.describeCluster()).brokers.length;
  const replicationFactor = merged.replicationFactor ?? Math.min(3, brokers);
  const configEntries = [
    { name: 'max.message.bytes', value: String(merged.maxMessageBytes) },
    { name: 'retention.ms', value: String(merged.retentionMs) },
    // The message timestamp is the capture time, so Kafka's time index finds frames by wall-clock time.
    { name: 'message.timestamp.type', value: 'CreateTime' },
    // JPEG/WebP payloads are already compressed; let the producer's choice (none) stand.
    { name: 'compression.type', value: 'producer' },
  ];
  if (merged.minInsyncReplicas) configEntries.push({ name: 'min.insync.replicas', value: String(merged.minInsyncReplicas) });
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
  const known = (name: string) => (Number.isFinite(configs.get(name)) ? configs.get(name) : undefined);
  const maxMessageBytes = known('max.message.bytes');
  const retentionMs = known('retention.ms');
  const minInsyncReplicas = known('min.insync.replicas');
  if (maxMessageBytes !== undefined) settings.maxMessageBytes = maxMessageBytes;
  if (retentionMs !== undefined) settings.retentionMs = retentionMs;
  if (minInsyncReplicas !== undefined) settings.minInsyncReplicas = minInsyncReplicas;
  return settings;
}
