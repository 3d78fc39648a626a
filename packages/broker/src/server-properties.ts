/**
 * The server.properties of one KRaft node (combined broker+controller). Defaults are chosen for a
 * fast local start and for screen frames: no 3 s rebalance delay, few internal partitions, and
 * message limits well above a 4K keyframe.
 */
export type PropertyValue = string | number | boolean;
export type ServerProperties = Record<string, PropertyValue>;

export interface NodePlan {
  nodeId: number;
  host: string;
  /** Client listener port: PLAINTEXT, or SASL_PLAINTEXT on a secured node. */
  port: number;
  controllerPort: number;
  /** The SASL_SSL listener's port, on a secured node with TLS material. */
  tlsPort?: number;
  /** This node's own directory: config, logs and Kafka's log dir live under it. */
  dir: string;
  /** Kafka's log.dirs (the partition data). */
  logDir: string;
}

/** Room for a 4K keyframe (a few MB as JPEG, more as PNG) plus headers and batch overhead. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024 + 64 * 1024;

/** Each node is its own rack ("rack-<node id>"): a client that names a rack reads from that node's replica. */
export function rackOfNode(nodeId: number): string {
  return `rack-${nodeId}`;
}

/**
 * Incremental fetch sessions a node keeps (KIP-227; Kafka's default 1,000). Sized for 2,000
 * desktop students on 3 nodes in the worst case: one partition, so every student's Java or
 * librdkafka consumer holds its session on the one leader (kafkajs holds none), plus as many stale
 * sessions of students who reconnected within min.incremental.fetch.session.eviction.ms (2 min),
 * plus follower and gateway sessions. A session caches a few hundred bytes per partition: 5,000
 * cost a few MB of heap. docs/CAPACITY.md, "Kafka's limits".
 */
export const FETCH_SESSION_CACHE_SLOTS = 5000;

export function controllerQuorumVoters(nodes: NodePlan[]): string {
  return nodes.map((n) => `${n.nodeId}@${n.host}:${n.controllerPort}`).join(',');
}

export function serverProperties(node: NodePlan, cluster: NodePlan[], extra: ServerProperties = {}): ServerProperties {
  const size = cluster.length;
  const internalReplication = Math.min(3, size);
  const internalMinIsr = Math.min(2, size);
  return {
    'process.roles': 'broker,controller',
    'node.id': node.nodeId,
    // Static voters: every node is formatted the same way, no --standalone/--initial-controllers.
    'controller.quorum.voters': controllerQuorumVoters(cluster),
    listeners: `PLAINTEXT://${node.host}:${node.port},CONTROLLER://${node.host}:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${node.host}:${node.port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': node.logDir,
    'num.partitions': 1,
    'default.replication.factor': size,
    'auto.create.topics.enable': false,
    'group.initial.rebalance.delay.ms': 0,
    'offsets.topic.replication.factor': internalReplication,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': internalReplication,
    'transaction.state.log.min.isr': internalMinIsr,
    'transaction.state.log.num.partitions': 10,
    'share.coordinator.state.topic.replication.factor': internalReplication,
    'share.coordinator.state.topic.min.isr': internalMinIsr,
    // Fetch from the nearest replica (KIP-392): a consumer that sends a rackId (CLASSCAST_RACK,
    // --rack) reads from the replica on its rack, so three nodes share a class's egress. Harmless
    // on one node (the leader is the only replica).
    'broker.rack': rackOfNode(node.nodeId),
    'replica.selector.class': 'org.apache.kafka.common.replica.RackAwareReplicaSelector',
    // A follower learns that a frame is committed (and may hand it to its rack's students) only
    // on its next fetch, which the leader holds open up to this long when nothing is new: 500 ms
    // by default, half a second on every frame read from a follower. 50 ms costs each follower
    // up to 20 fetches a second per leader while the cluster is idle.
    'replica.fetch.wait.max.ms': 50,
    'max.incremental.fetch.session.cache.slots': FETCH_SESSION_CACHE_SLOTS,
    'message.max.bytes': MAX_MESSAGE_BYTES,
    'replica.fetch.max.bytes': MAX_MESSAGE_BYTES,
    // A killed node is fenced (and its partitions get new leaders) after 4 s instead of Kafka's
    // 9 s: a lesson stalls little longer than that. Eight heartbeats fit in the timeout; at 3 s a
    // live broker starved of CPU (load average 40 on 2 cores) was fenced by mistake.
    'broker.heartbeat.interval.ms': 500,
    'broker.session.timeout.ms': 4000,
    // A follower that is alive but stuck leaves the in-sync set after 10 s, not 30 s: acks=all
    // sends wait for it no longer than that (a dead one leaves when it is fenced).
    'replica.lag.time.max.ms': 10_000,
    // Retention is looked at every 10 s, not 5 min: a class's short retention (and its test) shows
    // on the disk within seconds of the segment.ms roll. The look is a cheap scan of segment times.
    'log.retention.check.interval.ms': 10_000,
    ...extra,
  };
}

/** Java .properties text; values are written raw, so only `\` needs escaping (Windows paths). */
export function formatProperties(properties: ServerProperties): string {
  const lines = Object.entries(properties).map(([key, value]) => `${key}=${String(value).replaceAll('\\', '\\\\')}`);
  return `# Written by @classcast/broker\n${lines.join('\n')}\n`;
}
