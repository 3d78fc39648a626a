/**
 * @classcast/broker: the embedded Apache Kafka (real jars from Maven Central, KRaft, 1 or 3
 * nodes on loopback) for `npm start`, the tests, and `classcast broker up|down|status`.
 */
export { startZooKeeperKafka, LEGACY_KAFKA_VERSION, type StartZooKeeperKafkaOptions, type ZooKeeperKafka } from './zookeeper-kafka.js';
export { startKafka, type KafkaCluster, type KafkaNodeCount, type StartKafkaOptions } from './start-kafka.js';
export { DEFAULT_START_TIMEOUT_MS, DEFAULT_STOP_TIMEOUT_MS, type KafkaNode } from './kafka-node.js';
export { BrokerError, type BrokerErrorCode } from './errors.js';
export { findFreePort, findFreePorts } from './free-port.js';
export { describeCluster, type ClusterDescription } from './wait-for-cluster.js';
export { nodeAnswers } from './node-probe.js';
export { fetchKafkaJars, type FetchKafkaJarsOptions } from './fetch-kafka-jars.js';
export { DEFAULT_KAFKA_VERSION, cacheRoot, defaultStateDir, kafkaCacheDir, type Env } from './env-paths.js';
export {
  readBrokerBytesOut,
  readBrokerMetrics,
  readFetchSessionStats,
  type FetchSessionStats,
  type MetricQuery,
  type MetricsTarget,
  type MetricValue,
} from './broker-metrics.js';
export { FETCH_SESSION_CACHE_SLOTS, rackOfNode, MAX_MESSAGE_BYTES, type NodePlan, type ServerProperties } from './server-properties.js';
export type { ExtraProperties } from './cluster-layout.js';
export type { BrokerProgress, BrokerProgressStage, ProgressListener } from './progress.js';
export { processesMentioning } from './process-table.js';
export { brokerUp, type BrokerUpOptions, type BrokerUpResult } from './broker-up.js';
export { brokerDown, type BrokerDownOptions, type BrokerDownResult } from './broker-down.js';
export { brokerStatus, type BrokerNodeStatus, type BrokerStatus, type BrokerStatusOptions } from './broker-status.js';
export type { BrokerState, BrokerStateNode } from './broker-state.js';
export type { BrokerSecurity, ClusterSecurity } from './broker-security.js';
export { generateTlsMaterial, defaultTlsDir, type TlsMaterial, type TlsMaterialOptions } from './tls-material.js';
export { parseScramUser, validateScramUsers, SCRAM_MECHANISM, type ScramUsers } from './scram-users.js';
export { STANDARD_AUTHORIZER, CONTROLLER_USER } from './security-properties.js';
export { discoverOidc, describeOidc, ALLOWED_URLS_PROPERTY, type OidcDiscoveryOptions, type OidcSettings } from './oidc.js';
export type { ProbeCredentials } from './wait-for-cluster.js';
export { dependencyPom, slf4jLog4jArtifacts, type MavenArtifact } from './maven-pom.js';
export { findExecutable } from './find-executable.js';
export { KAFKA_TOOLS, kafkaToolClass, kafkaToolCommand, type KafkaToolName, type KafkaToolOptions } from './kafka-tools.js';
