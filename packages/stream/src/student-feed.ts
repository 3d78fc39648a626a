/**
 * Everything one watching student reads from Kafka, for every student transport (the web
 * gateway's socket, the desktop app's feed port): the StudentStream (live, replay, paused) wired
 * to @classcast/kafka — a live Subscription in the student's own consumer group and a
 * ReplaySession of the student's own — and the class's announcements beside it. The transport
 * only carries what this says to its viewer and applies its FeedOutbox.
 *
 * Before the first frame the viewer is told the class's picture limit (a class setting,
 * loadClassPictureLimit), so its compositor refuses larger pictures undecoded.
 */
import {
  studentGroupId,
  type ClasscastError,
  type GatewayAnnouncement,
  type GatewayControl,
  type GatewayPictureLimit,
  type GatewayTimeline,
  type TimelineMode,
} from '@classcast/protocol';
import {
  createAnnouncementReader,
  createReplaySession,
  createSubscription,
  DEFAULT_ACCESS_CHECK_MS,
  describeKafkaError,
  loadClassPictureLimit,
  watchClassAccess,
  type KafkaConnection,
  type Subscription,
} from '@classcast/kafka';
import { createStudentStream, type StudentStream, type StudentStreamOptions } from './student-stream.js';

export interface StudentFeedOptions extends Omit<StudentStreamOptions, 'subscribe' | 'replay' | 'describeError' | 'tell' | 'classId'> {
  connection: KafkaConnection;
  classId: string;
  student: string;
  /** Timeline moves, the class's announcements and its picture limit, for the viewer. */
  tell(message: GatewayTimeline | GatewayAnnouncement | GatewayPictureLimit): void;
  /**
   * On a cluster with logins, how often the broker is asked again whether this student may still
   * watch (watchClassAccess): a revoked student or an expired sign-in ends through onFailed
   * (CC_ACCESS_ENDED) within this long, in any mode. Default 3 s.
   */
  accessCheckMs?: number;
}

export interface StudentFeed {
  readonly mode: TimelineMode;
  readonly stream: StudentStream;
  /** Resolves once the live stream reads, or the feed failed or was closed. */
  readonly started: Promise<void>;
  /** seek / speed / live from the viewer. */
  control(message: GatewayControl): void;
  close(): Promise<void>;
}

/** Throws InvalidNameError at once for a class id or student name Kafka cannot use. */
export function createStudentFeed(options: StudentFeedOptions): StudentFeed {
  const { connection, classId, student } = options;
  const groupId = studentGroupId(classId, student);
  const describeError = (error: unknown): ClasscastError => describeKafkaError(error, connection.brokers);
  const stream = createStudentStream({
    ...options,
    subscribe: (handlers): Subscription => createSubscription({ connection, classId, groupId, startAt: 'live', ...handlers }),
    replay: createReplaySession({ connection, classId }),
    describeError,
    async beforeLive() {
      const { limit, warning } = await loadClassPictureLimit(connection, classId);
      if (warning) options.log(`warning: ${warning}`);
      options.tell({ type: 'picture-limit', maxPixels: limit.maxPixels, description: limit.description });
    },
  });
  const announcements = createAnnouncementReader({
    connection,
    classId,
    readerId: student,
    onAnnouncement: ({ text, time }) => options.tell({ type: 'announcement', text, time }),
    onSkipped: ({ total, reason }) => options.log(`skipped an announcement (${total} so far): ${reason}`),
  });
  // A side channel: it waits quietly for a class without announcements; a failure loses only them.
  announcements.start().catch((error: unknown) => options.log(`announcements unavailable: ${describeError(error).message}`));
  // Without a login there is no one to revoke: an open cluster has no per-student rules.
  const access = connection.sasl
    ? watchClassAccess(connection, { classId, groupId }, { intervalMs: options.accessCheckMs ?? DEFAULT_ACCESS_CHECK_MS, onRefused: options.onFailed })
    : undefined;

  return {
    get mode() {
      return stream.mode;
    },
    stream,
    started: stream.started,
    control: (message) => stream.control(message),
    async close() {
      await Promise.all([stream.close(), announcements.stop(), access?.stop()]);
    },
  };
}
