/**
 * One student in one class, as the desktop app's main process runs it: a Subscription in the
 * student's own consumer group, feeding the renderer through a FeedBridge. Electron-free: the
 * feed port is an interface (main adapts a MessagePortMain; tests use a plain object), so this
 * runs in Node against a real broker.
 *
 * The viewer hears what the web gateway would tell it: status (connecting, waiting, live,
 * reconnecting, ended), skipped, the class's announcements, and one error if joining fails after
 * the join was accepted (unreachable broker, class never started).
 */
import { ClasscastError, studentGroupId } from '@classcast/protocol';
import { createAnnouncementReader, createSubscription, type KafkaConnection, type Subscription } from '@classcast/kafka';
import type { FeedMessage, FeedReply } from '../shared/ipc-channels.js';
import { createFeedBridge, type FeedBridge } from './feed-bridge.js';

/** A student can open the app before the lesson begins: wait this long for the class topic. */
export const WAIT_FOR_CLASS_MS = 10 * 60_000;

export interface FeedPort {
  post(message: FeedMessage): void;
  onReply(listener: (reply: FeedReply) => void): void;
  close(): void;
}

export interface StudentSessionOptions {
  connection: KafkaConnection;
  classId: string;
  student: string;
  port: FeedPort;
  waitForClassMs?: number;
}

export interface StudentSession {
  readonly classId: string;
  readonly student: string;
  readonly bridge: FeedBridge;
  /** Resolves once the subscription reads (or has failed and said so on the port). */
  readonly started: Promise<void>;
  leave(): Promise<void>;
}

/** Throws InvalidNameError at once for a class id or student name Kafka cannot use. */
export function joinClass(options: StudentSessionOptions): StudentSession {
  const { classId, student, port } = options;
  const groupId = studentGroupId(classId, student);
  const bridge = createFeedBridge({ post: (message) => port.post(message) });
  port.onReply((reply) => {
    if (reply.type === 'ack') bridge.ack();
  });
  const subscription: Subscription = createSubscription({
    connection: options.connection,
    classId,
    groupId,
    startAt: 'live',
    waitForTopicMs: options.waitForClassMs ?? WAIT_FOR_CLASS_MS,
    onFrame: (received) => bridge.frame(received),
    onStatus: (status, detail) => bridge.message({ type: 'status', status, ...(detail === undefined ? {} : { detail }) }),
    onSkipped: ({ error }) => bridge.message({ type: 'skipped', total: subscription.stats.skipped, reason: error.message }),
  });
  // A side channel: waits quietly for a class without announcements; a failure loses only them.
  const announcements = createAnnouncementReader({
    connection: options.connection,
    classId,
    readerId: student,
    onAnnouncement: ({ text, time }) => bridge.message({ type: 'announcement', text, time }),
  });
  let left = false;
  bridge.message({ type: 'status', status: 'connecting' });
  announcements.start().catch(() => undefined);
  const started = subscription.start().then(
    () => bridge.message({ type: 'status', status: subscription.status }),
    (error: unknown) => {
      if (left) return;
      const failure = error instanceof ClasscastError ? error : new ClasscastError('CC_JOIN_FAILED', String(error), { cause: error });
      bridge.message({ type: 'error', code: failure.code, message: failure.message });
    },
  );
  return {
    classId,
    student,
    bridge,
    started,
    async leave() {
      left = true;
      await Promise.all([subscription.stop().catch(() => undefined), announcements.stop()]);
      port.close();
    },
  };
}
