export { connectionFromEnv, createKafkaClient, DEFAULT_BROKERS, parseBrokers, type KafkaConnection, type SaslCredentials } from './connection.js';
export { describeKafkaError } from './errors.js';
export { CLASS_TOPIC_DEFAULTS, ensureClassTopic, type ClassTopicSettings } from './class-topic.js';
export { createBroadcaster, formatBytes, type Broadcaster, type BroadcasterOptions, type OutgoingFrame, type SendResult } from './broadcaster.js';
export {
  createSubscription,
  type ReceivedFrame,
  type SkippedMessage,
  type StartPosition,
  type Subscription,
  type SubscriptionOptions,
  type SubscriptionStats,
} from './subscription.js';
