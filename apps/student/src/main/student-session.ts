/**
 * One student in one class, as the desktop app's main process runs it: @classcast/kafka's
 * StudentFeed (the live stream in the student's own consumer group, the timeline and the
 * announcements, the same one the web gateway runs) feeding the renderer through a FeedBridge.
 * Electron-free: the feed port is an interface (main adapts a MessagePortMain; tests use a plain
 * object), so this runs in Node against a real broker.
 *
 * The viewer hears what the web gateway would tell it: status (connecting, waiting, live,
 * reconnecting, ended), skipped, timeline, the class's announcements, and one error if the feed
 * gives up after the join was accepted (refused credentials, a class that never started).
 */
import type { GatewayControl } from '@classcast/protocol';
import { createStudentFeed, type KafkaConnection, type StudentTimeline } from '@classcast/kafka';
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
  /** Lines for the app's log (failed replays, lost announcements). Default: none. */
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
  const bridge = createFeedBridge({ post: (message) => port.post(message) });
  port.onReply((reply) => {
    if (reply.type === 'ack') bridge.ack();
  });
  let skipped = 0;
  const feed = createStudentFeed({
    connection: options.connection,
    classId,
    student,
    classWaitMs: options.waitForClassMs ?? WAIT_FOR_CLASS_MS,
    deliver: (received) => bridge.frame(received),
    onStatus: (status, detail) => bridge.message({ type: 'status', status, ...(detail === undefined ? {} : { detail }) }),
    onSkipped: (reason) => bridge.message({ type: 'skipped', total: (skipped += 1), reason }),
    tell: (message) => bridge.message(message),
    onFailed: (failure) => bridge.message({ type: 'error', code: failure.code, message: failure.message }),
    discardPending: () => bridge.discardFrames(),
    isBackedUp: () => bridge.stats.pending > 0,
    log: options.log ?? (() => undefined),
  });
  bridge.message({ type: 'status', status: 'connecting' });
  return {
    classId,
    student,
    bridge,
    timeline: feed.timeline,
    started: feed.started,
    control: (message) => feed.control(message),
    async leave() {
      await feed.close();
      port.close();
    },
  };
}
