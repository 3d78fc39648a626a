/**
 * kafkajs's own cluster object (brokers, metadata, coordinators, SASL and TLS), for requests its
 * public API does not make: an OffsetCommit from outside a group's membership, and a Fetch
 * without a group (a student's first picture, read while Kafka holds its new group back for
 * group.initial.rebalance.delay.ms, 3 s by default). The web gateway
 * reads a class once for every browser student (gateway fan-out) and commits what it delivered
 * to each student's own group with the student's own login, so `classcast students` and
 * kafka-consumer-groups still show every student with their lag, and the broker checks every few
 * seconds that the student may still read the class and use the group.
 *
 * kafkajs 2.2.4 is no longer developed, so these internals stand still; package.json pins it,
 * and the tests below run every request against a real broker.
 */
import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { pause } from '@classcast/protocol';
import { createKafkaClient, type KafkaConnection } from './connection.js';

/** The parts of kafkajs's Broker used here (src/broker/index.js). */
interface InternalBroker {
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string; metadata?: string | null }> }>;
  }): Promise<unknown>;
  fetch(request: {
    replicaId: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; fetchOffset: string; maxBytes: number }> }>;
  }): Promise<{ responses: Array<{ topicName: string; partitions: Array<{ partition: number; highWatermark: string; messages: FetchedRecord[] }> }> }>;
}

/** A record as kafkajs decodes a record batch (src/protocol/recordBatch/record/v0/decoder.js). */
interface FetchedRecord {
  offset: string;
  timestamp: string;
  attributes: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  /** A transaction marker, not a message. */
  isControlRecord: boolean;
}

/** The parts of kafkajs's Cluster used here (src/cluster/index.js, brokerPool.js). */
interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(request: { groupId: string }): Promise<InternalBroker>;
  brokerPool: { seedBroker: { findGroupCoordinator(request: { groupId: string; coordinatorType: number }): Promise<unknown> } };
  /** Adds the topic to those whose metadata the cluster keeps, loading it when new. */
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  /** Partitions by the node id of their leader, from the loaded metadata. */
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(request: { nodeId: string }): Promise<InternalBroker>;
}

export interface CommittedPosition {
  partition: number;
  /** The next offset to read, as Kafka's consumer-groups tool shows it. */
  offset: string;
  /** Kafka keeps this string beside the offset (OffsetFetch returns it). */
  metadata?: string;
}

export interface FetchPosition {
  partition: number;
  /** The offset of the first message wanted. */
  offset: string;
}

export interface FetchLimits {
  /** How long the leader may hold the request open while a partition has nothing new. */
  maxWaitMs: number;
  maxBytesPerPartition: number;
  maxBytes: number;
}

export interface FetchedPartition {
  partition: number;
  /** The messages at or after the position asked, in offset order (none: nothing new yet). */
  messages: KafkaMessage[];
}

export interface ClusterClient {
  /**
   * Commits `positions` of `topic` to `groupId` as a client outside the group (generation -1, no
   * member id), which Kafka takes while the group has no members. The broker checks READ on the
   * group and on the topic, so a commit that succeeds is also a proof of access; a refusal
   * throws kafkajs's error (GROUP_AUTHORIZATION_FAILED, TOPIC_AUTHORIZATION_FAILED, a SASL error).
   */
  commitOffsets(groupId: string, topic: string, positions: readonly CommittedPosition[]): Promise<void>;
  /**
   * Reads `topic` from `positions` as a consumer does, but in no group: one Fetch to each
   * partition's leader (committed messages only, as kafkajs's consumer reads). The broker checks
   * READ on the topic; a refusal, an unknown topic or a leader that moved throws kafkajs's error
   * (the last two retriable: the next call asks the new leader).
   */
  fetchMessages(topic: string, positions: readonly FetchPosition[], limits: FetchLimits): Promise<FetchedPartition[]>;
  /** Connects ahead of the first request (every request connects when needed). */
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

const CREATE_CLUSTER = 'private:Kafka:createCluster';
/** A client's replica id in a Fetch (brokers fetching from each other give their node id). */
const CONSUMER_REPLICA_ID = -1;
/** kafkajs's ISOLATION_LEVEL.READ_COMMITTED, its consumer's default. */
const READ_COMMITTED = 1;
const COORDINATOR_WAIT_MS = 5000;
const COORDINATOR_RETRY_MS = 250;
/** Kafka's coordinator type of a consumer group (FindCoordinator's key_type 0). */
const GROUP_COORDINATOR = 0;

/** The cluster behind a kafkajs client: one connection per broker, shared by every request here. */
export function createClusterClient(connection: KafkaConnection): ClusterClient {
  const kafka = createKafkaClient(connection);
  const cluster = internalCluster(kafka);
  let connected: Promise<void> | undefined;
  const connect = () => (connected ??= cluster.connect().catch((error: unknown) => ((connected = undefined), Promise.reject(error))));

  /**
   * kafkajs answers a group the login may not use (GROUP_AUTHORIZATION_FAILED) with "Failed to
   * find group coordinator", after asking every broker; asking one broker again gives the reason.
   */
  async function coordinatorOf(groupId: string): Promise<InternalBroker> {
    try {
      return await cluster.findGroupCoordinator({ groupId });
    } catch (error) {
      if ((error as { name?: unknown }).name !== 'KafkaJSGroupCoordinatorNotFound') throw error;
      await cluster.brokerPool.seedBroker.findGroupCoordinator({ groupId, coordinatorType: GROUP_COORDINATOR });
      throw error;
    }
  }

  return {
    async commitOffsets(groupId, topic, positions) {
      await connect();
      const request = {
        groupId,
        groupGenerationId: -1,
        memberId: '',
        topics: [{ topic, partitions: positions.map(({ partition, offset, metadata }) => ({ partition, offset, metadata: metadata ?? null })) }],
      };
      // The coordinator moved (a broker restarted) or is loading (a fresh cluster makes its
      // offsets topic first): kafkajs finds it again on the next ask.
      const deadline = Date.now() + COORDINATOR_WAIT_MS;
      for (;;) {
        try {
          return void (await (await coordinatorOf(groupId)).offsetCommit(request));
        } catch (error) {
          if (!isCoordinatorMoving(error) || Date.now() > deadline) throw error;
          await pause(COORDINATOR_RETRY_MS);
        }
      }
    },
    async fetchMessages(topic, positions, limits) {
      await connect();
      await cluster.addTargetTopic(topic);
      try {
        return await fetchFromLeaders(topic, positions, limits);
      } catch (error) {
        if (isLeaderMoving(error)) await cluster.refreshMetadata().catch(() => undefined);
        throw error;
      }
    },
    connect,
    async disconnect() {
      connected = undefined;
      await cluster.disconnect();
    },
  };

  async function fetchFromLeaders(topic: string, positions: readonly FetchPosition[], limits: FetchLimits): Promise<FetchedPartition[]> {
    const offsets = new Map(positions.map(({ partition, offset }) => [partition, offset]));
    const byLeader = cluster.findLeaderForPartitions(topic, [...offsets.keys()]);
    const fetched = await Promise.all(
      Object.entries(byLeader).map(async ([nodeId, partitions]) => {
        const broker = await cluster.findBroker({ nodeId });
        const response = await broker.fetch({
          replicaId: CONSUMER_REPLICA_ID,
          isolationLevel: READ_COMMITTED,
          maxWaitTime: limits.maxWaitMs,
          minBytes: 1,
          maxBytes: limits.maxBytes,
          topics: [
            {
              topic,
              partitions: partitions.map((partition) => ({ partition, fetchOffset: offsets.get(partition)!, maxBytes: limits.maxBytesPerPartition })),
            },
          ],
        });
        return response.responses.flatMap(({ partitions: answered }) => answered);
      }),
    );
    return fetched.flat().map(({ partition, messages }) => {
      // A record batch comes whole, so it may begin before the offset asked for.
      const from = BigInt(offsets.get(partition)!);
      return { partition, messages: messages.filter((record) => !record.isControlRecord && BigInt(record.offset) >= from).map(asKafkaMessage) };
    });
  }
}

function internalCluster(kafka: Kafka): InternalCluster {
  const key = Object.getOwnPropertySymbols(kafka).find((symbol) => symbol.description === CREATE_CLUSTER);
  const create = key === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[key];
  if (typeof create !== 'function') throw new Error('this kafkajs has no internal cluster factory: classcast needs kafkajs 2.2.x');
  return (create as (options: object) => InternalCluster)({ allowAutoTopicCreation: false });
}

/** The message as kafkajs's consumer hands it to eachMessage. */
function asKafkaMessage({ offset, timestamp, attributes, key, value, headers }: FetchedRecord): KafkaMessage {
  return { offset, timestamp, attributes, key, value, headers };
}

/** kafkajs's names for Kafka's NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE and COORDINATOR_LOAD_IN_PROGRESS. */
const COORDINATOR_MOVING = new Set(['NOT_COORDINATOR_FOR_GROUP', 'GROUP_COORDINATOR_NOT_AVAILABLE', 'GROUP_LOAD_IN_PROGRESS']);

/** kafkajs's names for Kafka's NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE and UNKNOWN_TOPIC_OR_PARTITION (a topic just made). */
const LEADER_MOVING = new Set(['NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE', 'UNKNOWN_TOPIC_OR_PARTITION']);

function isCoordinatorMoving(error: unknown): boolean {
  return COORDINATOR_MOVING.has(kafkaErrorType(error));
}

function isLeaderMoving(error: unknown): boolean {
  return LEADER_MOVING.has(kafkaErrorType(error));
}

function kafkaErrorType(error: unknown): string {
  const type = (error as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' ? type : '';
}
