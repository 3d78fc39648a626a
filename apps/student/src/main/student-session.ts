/**
 * One student in one class, as the desktop app's main process runs it: a Subscription in the
 * student's own consumer group, feeding the renderer through a FeedBridge, and the lesson
 * timeline (@classcast/kafka's StudentTimeline, the same one the web gateway runs): seek, pause,
 * 1×/2×/4× and back to live, on a replay session warmed as soon as the lesson exists.
 * Electron-free: the feed port is an interface (main adapts a MessagePortMain; tests use a plain
 * object), so this runs in Node against a real broker.
 *
 * The viewer hears what the web gateway would tell it: status (connecting, waiting, live,
 * reconnecting, ended), skipped, timeline, the class's announcements, and one error if joining
 * fails after the join was accepted (unreachable broker, class never started).
 */
import { ClasscastError, studentGroupId, type GatewayControl } from '@classcast/protocol';
import { createAnnouncementReader, createStudentTimeline, createSubscription, type KafkaConnection, type StudentTimeline, type Subscription } from '@classcast/kafka';
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
  /** Lines for the app's log (failed replays). Default: none. */
  log?(line: string): void;
}

export interface StudentSession {
  readonly classId: string;
  readonly student: string;
  readonly bridge: FeedBridge;
  readonly timeline: StudentTimeline;
  /** Resolves once the subscription reads (or has failed and said so on the port). */
  readonly started: Promise<void>;
  /** Moves in the lesson: seek to a time, speed (0 = pause), back to live. */
  control(message: GatewayControl): void;
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
  let left = false;
  let skipped = 0;
  let subscription: Subscription | undefined;
  const timeline: StudentTimeline = createStudentTimeline({
    connection: options.connection,
    classId,
    deliver: (received) => bridge.frame(received),
    stopLive,
    startLive: () => void followLive(),
    discardPending: () => bridge.discardFrames(),
    tell: (message) => bridge.message(message),
    isBackedUp: () => bridge.stats.pending > 0,
    log: options.log ?? (() => undefined),
  });

  /** A Subscription in the student's group from the newest keyframe; its failure is said on the port. */
  function followLive(): Promise<void> {
    const current = createSubscription({
      connection: options.connection,
      classId,
      groupId,
      startAt: 'live',
      waitForTopicMs: options.waitForClassMs ?? WAIT_FOR_CLASS_MS,
      onFrame: (received) => {
        // A subscription being stopped for a replay may still hand over a frame: not for the viewer.
        if (subscription !== current || timeline.mode !== 'live') return;
        timeline.sawLive(received);
        bridge.frame(received);
      },
      onStatus: (status, detail) => {
        if (subscription === current) bridge.message({ type: 'status', status, ...(detail === undefined ? {} : { detail }) });
      },
      onSkipped: ({ error }) => bridge.message({ type: 'skipped', total: (skipped += 1), reason: error.message }),
    });
    subscription = current;
    return current.start().then(
      () => {
        if (subscription === current) bridge.message({ type: 'status', status: current.status });
      },
      (error: unknown) => {
        if (left || subscription !== current) return;
        const failure = error instanceof ClasscastError ? error : new ClasscastError('CC_JOIN_FAILED', String(error), { cause: error });
        bridge.message({ type: 'error', code: failure.code, message: failure.message });
      },
    );
  }

  async function stopLive(): Promise<void> {
    const current = subscription;
    subscription = undefined;
    await current?.stop().catch(() => undefined);
  }

  // A side channel: waits quietly for a class without announcements; a failure loses only them.
  const announcements = createAnnouncementReader({
    connection: options.connection,
    classId,
    readerId: student,
    onAnnouncement: ({ text, time }) => bridge.message({ type: 'announcement', text, time }),
  });
  bridge.message({ type: 'status', status: 'connecting' });
  announcements.start().catch(() => undefined);
  const started = followLive();
  return {
    classId,
    student,
    bridge,
    timeline,
    started,
    control: (message) => timeline.control(message),
    async leave() {
      left = true;
      await Promise.all([stopLive(), timeline.close(), announcements.stop()]);
      port.close();
    },
  };
}
