/**
 * Class administration, in the shapes the Kafka tools taught admins: create, list, describe,
 * alter partitions, change configs, delete, and partition reassignment (generate / execute /
 * verify, as kafka-reassign-partitions.sh does). kafkajs 2.2.4 speaks AlterPartitionReassignments
 * and ListPartitionReassignments (KIP-455), so no second client is needed.
 */
import kafkajs, { type Admin } from 'kafkajs';
import {
  announcementTopic,
  classIdOfTopic,
  encodeFrame,
  formatPictureSize,
  frameTopic,
  MAX_PICTURE_SETTING,
  pollUntil,
  settingsTopic,
  shareDecisionTopic,
  shareOfferTopic,
  sharedScreenTopic,
  type Frame,
  type PictureSize,
} from '@classcast/protocol';
import {
  CLASS_TOPIC_DEFAULTS,
  ensureClassTopic,
  minInsyncConfig,
  readClassTopicSettings,
  retentionConfigs,
  type ClassTopicChange,
  type ClassTopicSettings,
} from './class-topic.js';
import { loadClassPictureLimit, writeClassSetting, type ClassPictureLimit } from './class-settings.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError, KafkaError } from './errors.js';
import { replay } from './replay.js';
import { retryRetriable } from './retry.js';

// kafkajs is CommonJS and Node cannot see this export by name.
const { ConfigResourceTypes } = kafkajs;

export interface PartitionDescription {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  /** Offsets: the first kept and the next to be written. */
  low: string;
  high: string;
}

export interface ClassDescription {
  classId: string;
  topic: string;
  partitions: PartitionDescription[];
  /** Settings set on the topic itself (not broker defaults). */
  configs: Record<string, string>;
  /** Copies that must confirm a frame, as Kafka applies it (the topic's or the broker's default). */
  minInsyncReplicas: number;
  /** The largest picture viewers decode: the class's setting, or the default (with why, if the setting is unusable). */
  maxPicture: ClassPictureLimit;
}

/** The JSON that kafka-reassign-partitions.sh reads and writes. */
export interface ReassignmentPlan {
  version: 1;
  partitions: Array<{ topic: string; partition: number; replicas: number[] }>;
}

/** What a lesson writes, measured over the newest stretch of the class topic. */
export interface DiskRate {
  /** The stretch measured: frames captured in the last windowMs. */
  windowMs: number;
  frames: number;
  /** Record bytes of those frames (key, value, headers and Kafka's record framing), one copy. */
  bytes: number;
  /** bytes scaled to an hour, one copy; the cluster holds `copies` of it. */
  bytesPerHour: number;
  copies: number;
}

export interface ReassignmentProgress {
  topic: string;
  partition: number;
  state: 'completed' | 'in progress' | 'different';
  replicas: number[];
}

export interface ClassAdmin {
  create(classId: string, settings?: Partial<ClassTopicSettings>): Promise<boolean>;
  list(): Promise<string[]>;
  describe(classId: string): Promise<ClassDescription>;
  setPartitionCount(classId: string, count: number): Promise<void>;
  /** Changes some topic configs and keeps the others (plain AlterConfigs would reset them). */
  setConfigs(classId: string, changes: Record<string, string>): Promise<void>;
  /** Changes class settings, with what follows from them (segments in step with retention); returns the configs set. */
  configure(classId: string, change: ClassTopicChange): Promise<Record<string, string>>;
  /** Sets the class's picture-size limit (its settings topic, which only admins may write). */
  setMaxPicture(classId: string, size: PictureSize): Promise<void>;
  /** The disk the lesson takes at its current rate (reads the last windowMs of frames). */
  diskRate(classId: string, windowMs?: number): Promise<DiskRate>;
  delete(classId: string): Promise<void>;
  generateReassignment(classIds: string[], brokerIds: number[], replicationFactor?: number): Promise<{ current: ReassignmentPlan; proposed: ReassignmentPlan }>;
  executeReassignment(plan: ReassignmentPlan): Promise<void>;
  verifyReassignment(plan: ReassignmentPlan): Promise<ReassignmentProgress[]>;
  close(): Promise<void>;
}

export async function createClassAdmin(connection: KafkaConnection): Promise<ClassAdmin> {
  const admin: Admin = createKafkaClient({ clientId: 'classcast-admin', ...connection }).admin();
  const wrap = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await retryRetriable(work);
    } catch (error) {
      throw describeKafkaError(error, connection.brokers);
    }
  };
  await wrap(() => admin.connect());

  async function requireClass(classId: string): Promise<string> {
    const topic = frameTopic(classId);
    if (!(await admin.listTopics()).includes(topic)) {
      throw new KafkaError('CC_CLASS_NOT_FOUND', `class ${classId} does not exist (no topic ${topic})`);
    }
    return topic;
  }

  async function topicConfigs(topic: string): Promise<Record<string, string>> {
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
    const entries = resources[0]?.configEntries ?? [];
    // configSource 1 = set on this topic (DYNAMIC_TOPIC_CONFIG).
    return Object.fromEntries(entries.filter((entry) => !entry.isDefault && entry.configSource === 1).map((entry) => [entry.configName, entry.configValue]));
  }

  async function describeTopic(topic: string): Promise<PartitionDescription[]> {
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const offsets = await admin.fetchTopicOffsets(topic);
    return (metadata?.partitions ?? [])
      .map((p) => {
        const offset = offsets.find((o) => o.partition === p.partitionId);
        return { partition: p.partitionId, leader: p.leader, replicas: [...p.replicas], isr: [...p.isr], low: offset?.low ?? '0', high: offset?.high ?? '0' };
      })
      .sort((a, b) => a.partition - b.partition);
  }

  async function setTopicConfigs(classId: string, changes: Record<string, string>): Promise<void> {
    const topic = await requireClass(classId);
    const merged = { ...(await topicConfigs(topic)), ...changes };
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: Object.entries(merged).map(([name, value]) => ({ name, value })) }],
    });
    // The change travels through the metadata log: answer once brokers report it.
    const reported = (now: Record<string, string>) => Object.entries(changes).every(([name, value]) => now[name] === value);
    await pollUntil(async () => reported(await topicConfigs(topic)), { intervalMs: 100, timeoutMs: 10_000 });
  }

  return {
    create: (classId, settings) => wrap(() => ensureClassTopic(admin, classId, settings)),
    list: () =>
      wrap(async () =>
        (await admin.listTopics())
          .map(classIdOfTopic)
          .filter((id): id is string => id !== undefined)
          .sort(),
      ),
    describe: (classId) =>
      wrap(async () => {
        const topic = await requireClass(classId);
        const { minInsyncReplicas = 1 } = await readClassTopicSettings(admin, classId);
        const maxPicture = await loadClassPictureLimit(connection, classId);
        return { classId, topic, partitions: await describeTopic(topic), configs: await topicConfigs(topic), minInsyncReplicas, maxPicture };
      }),
    setPartitionCount: (classId, count) =>
      wrap(async () => {
        const topic = await requireClass(classId);
        const current = (await describeTopic(topic)).length;
        // Kafka can add partitions, never remove them (keys would move and the order break).
        if (count <= current) throw new KafkaError('CC_BAD_PARTITION_COUNT', `class ${classId} has ${current} partitions; Kafka can only add more`);
        await admin.createPartitions({ topicPartitions: [{ topic, count }] });
      }),
    setConfigs: (classId, changes) => wrap(() => setTopicConfigs(classId, changes)),
    configure: (classId, change) =>
      wrap(async () => {
        await requireClass(classId);
        const current = await readClassTopicSettings(admin, classId);
        const merged = { ...CLASS_TOPIC_DEFAULTS, ...current, ...change };
        const changes: Record<string, string> = {};
        if (change.maxMessageBytes !== undefined) changes['max.message.bytes'] = String(change.maxMessageBytes);
        // A new retention or frame size re-derives the segment sizes (and fixes a class made before they were set).
        if (change.maxMessageBytes !== undefined || change.retentionMs !== undefined || change.retentionBytes !== undefined) {
          Object.assign(changes, retentionConfigs(merged));
        }
        if (change.minInsyncReplicas !== undefined) Object.assign(changes, minInsyncConfig(current.replicationFactor ?? 1, change.minInsyncReplicas));
        await setTopicConfigs(classId, changes);
        return changes;
      }),
    setMaxPicture: (classId, size) =>
      wrap(async () => {
        await requireClass(classId);
        await writeClassSetting(connection, classId, MAX_PICTURE_SETTING, formatPictureSize(size));
      }),
    diskRate: (classId, windowMs = 60_000) =>
      wrap(async () => {
        const topic = await requireClass(classId);
        const copies = (await describeTopic(topic))[0]?.replicas.length ?? 1;
        const since = Date.now() - windowMs;
        let frames = 0;
        let bytes = 0;
        // kafkajs has no DescribeLogDirs: the newest frames are read back and their record sizes summed.
        await replay({
          connection,
          classId,
          from: { time: since },
          onFrame: ({ frame, catchingUp }) => {
            if (catchingUp || frame.captureTime < since) return;
            frames += 1;
            bytes += recordBytes(frame);
          },
        });
        return { windowMs, frames, bytes, bytesPerHour: Math.round((bytes * 3_600_000) / windowMs), copies };
      }),
    delete: (classId) =>
      wrap(async () => {
        const frames = await requireClass(classId);
        // The class's announcements, settings and share topics go with it.
        const others = new Set([
          announcementTopic(classId),
          settingsTopic(classId),
          shareOfferTopic(classId),
          shareDecisionTopic(classId),
          sharedScreenTopic(classId),
        ]);
        const companions = (await admin.listTopics()).filter((topic) => others.has(topic));
        await admin.deleteTopics({ topics: [frames, ...companions] });
      }),
    generateReassignment: (classIds, brokerIds, replicationFactor) =>
      wrap(async () => {
        const current: ReassignmentPlan = { version: 1, partitions: [] };
        const proposed: ReassignmentPlan = { version: 1, partitions: [] };
        for (const classId of classIds) {
          const topic = await requireClass(classId);
          for (const p of await describeTopic(topic)) {
            current.partitions.push({ topic, partition: p.partition, replicas: p.replicas });
            proposed.partitions.push({
              topic,
              partition: p.partition,
              replicas: roundRobinReplicas(brokerIds, p.partition, replicationFactor ?? p.replicas.length),
            });
          }
        }
        return { current, proposed };
      }),
    executeReassignment: (plan) =>
      wrap(async () => {
        validatePlan(plan);
        const topics = new Map<string, Array<{ partition: number; replicas: number[] }>>();
        for (const entry of plan.partitions)
          topics.set(entry.topic, [...(topics.get(entry.topic) ?? []), { partition: entry.partition, replicas: entry.replicas }]);
        await admin.alterPartitionReassignments({ topics: [...topics].map(([topic, partitionAssignment]) => ({ topic, partitionAssignment })) });
      }),
    verifyReassignment: (plan) =>
      wrap(async () => {
        validatePlan(plan);
        const ongoing = await admin.listPartitionReassignments({});
        const moving = new Set(ongoing.topics.flatMap((t) => t.partitions.map((p) => `${t.topic}/${p.partitionIndex}`)));
        const progress: ReassignmentProgress[] = [];
        for (const topic of new Set(plan.partitions.map((entry) => entry.topic))) {
          const partitions = await describeTopic(topic);
          for (const entry of plan.partitions.filter((e) => e.topic === topic)) {
            const now = partitions.find((p) => p.partition === entry.partition)?.replicas ?? [];
            const state = moving.has(`${topic}/${entry.partition}`) ? 'in progress' : sameSet(now, entry.replicas) ? 'completed' : 'different';
            progress.push({ topic, partition: entry.partition, state, replicas: now });
          }
        }
        return progress;
      }),
    close: () => admin.disconnect(),
  };
}

/** Record batch v2 framing around one record (61-byte batch header, the record's own varints). */
const RECORD_FRAMING_BYTES = 61 + 12;

/** The bytes one frame takes in Kafka's log: what was sent (key, value, headers) and its framing. */
function recordBytes(frame: Frame): number {
  const { key, value, headers } = encodeFrame(frame);
  const headerBytes = Object.entries(headers).reduce((sum, [name, text]) => sum + name.length + Buffer.byteLength(text) + 2, 0);
  return RECORD_FRAMING_BYTES + Buffer.byteLength(key) + value.byteLength + headerBytes;
}

/** Kafka's rack-unaware spread: partition p starts at broker p mod n, replicas follow in order. */
export function roundRobinReplicas(brokerIds: number[], partition: number, replicationFactor: number): number[] {
  if (replicationFactor < 1 || replicationFactor > brokerIds.length) {
    throw new KafkaError('CC_BAD_REPLICATION_FACTOR', `replication factor ${replicationFactor} needs 1..${brokerIds.length} brokers`);
  }
  const sorted = [...brokerIds].sort((a, b) => a - b);
  return Array.from({ length: replicationFactor }, (_, i) => sorted[(partition + i) % sorted.length]!);
}

export function validatePlan(plan: unknown): asserts plan is ReassignmentPlan {
  const bad = (why: string) => new KafkaError('CC_BAD_REASSIGNMENT_PLAN', `reassignment plan: ${why}`);
  const value = plan as ReassignmentPlan;
  if (!value || value.version !== 1 || !Array.isArray(value.partitions)) throw bad('expected {"version":1,"partitions":[...]}');
  for (const entry of value.partitions) {
    if (typeof entry.topic !== 'string' || !Number.isInteger(entry.partition) || !Array.isArray(entry.replicas) || entry.replicas.length === 0) {
      throw bad(`entry ${JSON.stringify(entry)} needs topic, partition and replicas`);
    }
    if (new Set(entry.replicas).size !== entry.replicas.length) throw bad(`${entry.topic}/${entry.partition} lists a broker twice`);
  }
}

function sameSet(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
