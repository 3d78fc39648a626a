/**
 * kafkajs's own cluster object (brokers, metadata, coordinators, SASL and TLS), for requests its
 * public API does not make: an OffsetCommit from outside a group's membership. The web gateway
 * reads a class once for every browser student (gateway fan-out) and commits what it delivered
 * to each student's own group with the student's own login, so `classcast students` and
 * kafka-consumer-groups still show every student with their lag, and the broker checks every few
 * seconds that the student may still read the class and use the group.
 *
 * kafkajs 2.2.4 is no longer developed, so these internals stand still; package.json pins it,
 * and the tests below run every request against a real broker.
 */
import type { Kafka } from 'kafkajs';
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
}

/** The parts of kafkajs's Cluster used here (src/cluster/index.js, brokerPool.js). */
interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(request: { groupId: string }): Promise<InternalBroker>;
  brokerPool: { seedBroker: { findGroupCoordinator(request: { groupId: string; coordinatorType: number }): Promise<unknown> } };
}

export interface CommittedPosition {
  partition: number;
  /** The next offset to read, as Kafka's consumer-groups tool shows it. */
  offset: string;
  /** Kafka keeps this string beside the offset (OffsetFetch returns it). */
  metadata?: string;
}

export interface ClusterClient {
  /**
   * Commits `positions` of `topic` to `groupId` as a client outside the group (generation -1, no
   * member id), which Kafka takes while the group has no members. The broker checks READ on the
   * group and on the topic, so a commit that succeeds is also a proof of access; a refusal
   * throws kafkajs's error (GROUP_AUTHORIZATION_FAILED, TOPIC_AUTHORIZATION_FAILED, a SASL error).
   */
  commitOffsets(groupId: string, topic: string, positions: readonly CommittedPosition[]): Promise<void>;
  disconnect(): Promise<void>;
}

const CREATE_CLUSTER = 'private:Kafka:createCluster';
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
    async disconnect() {
      connected = undefined;
      await cluster.disconnect();
    },
  };
}

function internalCluster(kafka: Kafka): InternalCluster {
  const key = Object.getOwnPropertySymbols(kafka).find((symbol) => symbol.description === CREATE_CLUSTER);
  const create = key === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[key];
  if (typeof create !== 'function') throw new Error('this kafkajs has no internal cluster factory: classcast needs kafkajs 2.2.x');
  return (create as (options: object) => InternalCluster)({ allowAutoTopicCreation: false });
}

/** kafkajs's names for Kafka's NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE and COORDINATOR_LOAD_IN_PROGRESS. */
const COORDINATOR_MOVING = new Set(['NOT_COORDINATOR_FOR_GROUP', 'GROUP_COORDINATOR_NOT_AVAILABLE', 'GROUP_LOAD_IN_PROGRESS']);

function isCoordinatorMoving(error: unknown): boolean {
  const type = (error as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' && COORDINATOR_MOVING.has(type);
}
