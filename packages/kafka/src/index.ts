export {
  connectionFromEnv,
  readSecretFile,
  rackConsumerOption,
  createKafkaClient,
  DEFAULT_BROKERS,
  parseBrokers,
  loginName,
  type KafkaConnection,
  type PasswordCredentials,
  type SaslCredentials,
} from './connection.js';
export { tokenExpiresAt, tokenExpiryHint, unverifiedClaims, type OAuthBearerCredentials } from './oauth-bearer.js';
export { readLessonStart } from './lesson-start.js';
export {
  createAnnotationWriter,
  ensureAnnotationTopic,
  readAnnotationBoards,
  readAnnotationHistory,
  type AnnotationBoards,
  type AnnotationHistory,
  type AnnotationWriter,
  type TimedAnnotation,
} from './annotations.js';
export {
  createShareGrantAgent,
  createSharedScreenWriter,
  decideShare,
  ensureShareTopics,
  offerScreen,
  openOffers,
  readShareDecisions,
  readShareHolder,
  readShareOffers,
  readShareState,
  readShareTimeline,
  type DecideShareOptions,
  type OfferScreenOptions,
  type ShareGrantAgent,
  type ShareGrantAgentOptions,
  type ShareRead,
  type TimedShareDecision,
} from './share.js';
export { createTeacherPen, type PenTarget, type TeacherPen } from './teacher-pen.js';
export { followShareHolder, type ShareHolderTailOptions } from './share-holder-tail.js';
export { startTopicTail, type TopicTail, type TopicTailOptions } from './topic-tail.js';
export { startAnnotationTail, type AnnotationEntry, type AnnotationTail, type AnnotationTailOptions } from './annotation-tail.js';
export { createClusterClient, type ClusterClient, type CommittedPosition } from './cluster-client.js';
export {
  gatewayCommitNote,
  watchDeliveredPosition,
  type DeliveredPositionOptions,
  type DeliveredPositionWatch,
  type GatewayCommitNote,
} from './delivered-position.js';
export { describeKafkaError, KafkaError, type KafkaErrorCode } from './errors.js';
export { pauseMessage, unreachableBrokers } from './broker-reachability.js';
export { CLASS_TOPIC_DEFAULTS, ensureClassTopic, type ClassTopicSettings } from './class-topic.js';
export { formatBytes } from '@classcast/protocol';
export { createBroadcaster, type Broadcaster, type BroadcasterOptions, type OutgoingFrame, type SendResult } from './broadcaster.js';
export {
  createSubscription,
  type ReceivedFrame,
  type SkippedMessage,
  type StartPosition,
  type Subscription,
  type SubscriptionOptions,
  type SubscriptionStats,
} from './subscription.js';
export {
  countWatchers,
  waitForWatchersToCatchUp,
  listStudents,
  listWatchers,
  pruneStudents,
  resetStudent,
  studentState,
  type PruneResult,
  type StudentState,
  type Watcher,
} from './watchers.js';
export type { SubscriptionStatus } from './subscription.js';
export {
  createClassAdmin,
  roundRobinReplicas,
  validatePlan,
  type ClassAdmin,
  type ClassDescription,
  type PartitionDescription,
  type ReassignmentPlan,
  type ReassignmentProgress,
} from './class-admin.js';
export { replay, type ReplayEnd, type ReplayOptions, type ReplayResult, type ReplayStart } from './replay.js';
export { createReplaySession, type ReplayPlayOptions, type ReplaySession } from './replay-session.js';
export { createClassAccess, type ClassAccess } from './class-access.js';
export { roleAcls, type AclOperation, type ClassAccessEntry, type ClassAcl, type ClassRole } from './class-acls.js';
export {
  checkClassAccess,
  createClassAccessChecker,
  DEFAULT_ACCESS_CHECK_MS,
  watchClassAccess,
  type ClassAccessCheck,
  type ClassAccessChecker,
  type ClassAccessWatch,
} from './access-check.js';
export { describeSecurityError, type SecurityErrorCode } from './security-errors.js';
export {
  announce,
  announceEyesOnMe,
  createAnnouncementReader,
  ensureAnnouncementTopic,
  RECENT_ANNOUNCEMENTS_MS,
  type AnnouncementReader,
  type AnnouncementReaderOptions,
  type ReceivedAnnouncement,
} from './announcements.js';
export {
  ensureSettingsTopic,
  loadClassPictureLimit,
  readClassSettings,
  SETTINGS_READ_TIMEOUT_MS,
  writeClassSetting,
  type ClassPictureLimit,
} from './class-settings.js';
export { offeredSaslMechanisms } from './sasl-mechanisms.js';
