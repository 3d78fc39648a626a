/**
 * Class administration, in the shapes the Kafka tools taught admins: create, list, describe,
 * alter partitions, change configs, delete, and partition reassignment (generate / execute /
 * verify, as kafka-reassign-partitions.sh does). kafkajs 2.2.4 speaks AlterPartitionReassignments
 * and ListPartitionReassignments (KIP-455), so no second client is needed.
 */
import kafkajs, { type Admin } from 'kafkajs';
import { announcementTopic, classIdOfTopic, frameTopic, pollUntil } from '@classcast/protocol';
import { ensureClassTopic, type ClassTopicSettings } from './class-topic.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError, KafkaError } from './errors.js';
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
}

/** The JSON that kafka-reassign-partitions.sh reads and writes. */
export interface ReassignmentPlan {
  version: 1;
  partitions: Array<{ topic: string; partition: number; replicas: number[] }>;
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
        return { classId, topic, partitions: await describeTopic(topic), configs: await topicConfigs(topic) };
      }),
    setPartitionCount: (classId, count) =>
      wrap(async () => {
        const topic = await requireClass(classId);
        const current = (await describeTopic(topic)).length;
        // Kafka can add partitions, never remove them (keys would move and the order break).
        if (count <= current) throw new KafkaError('CC_BAD_PARTITION_COUNT', `class ${classId} has ${current} partitions; Kafka can only add more`);
        await admin.createPartitions({ topicPartitions: [{ topic, count }] });
      }),
    setConfigs: (classId, changes) =>
      wrap(async () => {
        const topic = await requireClass(classId);
        const merged = { ...(await topicConfigs(topic)), ...changes };
        await admin.alterConfigs({
          validateOnly: false,
          resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: Object.entries(merged).map(([name, value]) => ({ name, value })) }],
        });
        // The change travels through the metadata log: answer once brokers report it.
        const reported = (now: Record<string, string>) => Object.entries(changes).every(([name, value]) => now[name] === value);
        await pollUntil(async () => reported(await topicConfigs(topic)), { intervalMs: 100, timeoutMs: 10_000 });
      }),
    delete: (classId) =>
      wrap(async () => {
        const frames = await requireClass(classId);
        // The class's announcements go with it.
        const notices = (await admin.listTopics()).filter((topic) => topic === announcementTopic(classId));
        await admin.deleteTopics({ topics: [frames, ...notices] });
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
