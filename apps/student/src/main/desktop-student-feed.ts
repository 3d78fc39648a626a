/**
 * One student in one class, as the desktop app's main process runs it: @classcast/stream's
 * StudentFeed (the live stream in the student's own consumer group, the timeline and the
 * announcements, the same one the web gateway runs) feeding the renderer's port through an
 * AckOutbox (back-pressure: frames the renderer has not acked).
 * Electron-free: the feed port is an interface (main adapts a MessagePortMain; tests use a plain
 * object), so this runs in Node against a real broker.
 *
 * The viewer hears what the web gateway would tell it: status (connecting, waiting, live,
 * reconnecting, ended), skipped, timeline, the class's announcements and "eyes on me" (which
 * also goes to onEyesOnMe: main enters full screen, as a page cannot), and one error if the feed
 * gives up after the join was accepted (refused credentials, a class that never started, access
 * revoked: CC_ACCESS_ENDED, which takes the viewer back to the join screen with that line).
 */
import { ClasscastError, studentGroupId, type GatewayControl } from '@classcast/protocol';
import { connectionWithLogin, type DesktopLogin } from '@classcast/desktop';
import { checkClassAccess, describeKafkaError, type KafkaConnection } from '@classcast/kafka';
import { createStudentFeed, type StudentStream } from '@classcast/stream';
import type { FeedMessage, FeedReply, JoinRequest } from '../shared/ipc-channels.js';
import { createAckOutbox, type AckOutbox } from './ack-outbox.js';

/** A student can open the app before the lesson begins: wait this long for the class topic. */
export const WAIT_FOR_CLASS_MS = 10 * 60_000;

export interface FeedPort {
  post(message: FeedMessage): void;
  onReply(listener: (reply: FeedReply) => void): void;
  close(): void;
}

export interface DesktopStudentOptions {
  connection: KafkaConnection;
  classId: string;
  student: string;
  port: FeedPort;
  waitForClassMs?: number;
  /** Lines for the app's log (failed replays, lost announcements). Default: none. */
  log?(line: string): void;
  /** The teacher asked everyone to look (the student is back to live already): main puts the window in full screen. */
  onEyesOnMe?(): void;
}

export interface DesktopStudent {
  readonly classId: string;
  readonly student: string;
  readonly outbox: AckOutbox;
  readonly stream: StudentStream;
  /** Resolves once the subscription reads (or has failed and said so on the port). */
  readonly started: Promise<void>;
  /** Moves in the lesson: seek to a time, speed (0 = pause), back to live. */
  control(message: GatewayControl): void;
  leave(): Promise<void>;
}

/** Throws InvalidNameError at once for a class id or student name Kafka cannot use. */
export function joinClass(options: DesktopStudentOptions): DesktopStudent {
  const { classId, student, port } = options;
  const outbox = createAckOutbox({ post: (message) => port.post(message) });
  port.onReply((reply) => {
    if (reply.type === 'ack') outbox.ack();
  });
  let skipped = 0;
  const feed = createStudentFeed({
    connection: options.connection,
    classId,
    student,
    classWaitMs: options.waitForClassMs ?? WAIT_FOR_CLASS_MS,
    deliver: (received) => outbox.frame(received),
    onStatus: (status, detail) => outbox.message({ type: 'status', status, ...(detail === undefined ? {} : { detail }) }),
    onSkipped: (reason, code) => outbox.message({ type: 'skipped', total: (skipped += 1), reason, code }),
    tell: (message) => {
      outbox.message(message);
      if (message.type === 'eyes-on-me') options.onEyesOnMe?.();
    },
    onFailed: (failure) => outbox.message({ type: 'error', code: failure.code, message: failure.message }),
    // A seek that cannot be served (no such partition, nothing recorded yet): said, and the student stays.
    onMoveRefused: (failure) => outbox.message({ type: 'error', code: failure.code, message: failure.message, fatal: false }),
    discardPending: () => outbox.discardFrames(),
    isBackedUp: () => outbox.stats.pending > 0,
    log: options.log ?? (() => undefined),
  });
  outbox.message({ type: 'status', status: 'connecting' });
  return {
    classId,
    student,
    outbox,
    stream: feed.stream,
    started: feed.started,
    control: (message) => feed.control(message),
    async leave() {
      await feed.close();
      port.close();
    },
  };
}

export interface StudentAdmission extends Omit<DesktopStudentOptions, 'connection' | 'classId' | 'student' | 'port'> {
  /** The app's connection settings (brokers, TLS, and its own login on an open setup). */
  appConnection: KafkaConnection;
  login: DesktopLogin;
  join: JoinRequest;
  /** Made only once the broker has said yes, so a refused join holds no port. */
  openPort(): FeedPort;
}

/**
 * What main runs for a join: on a setup with logins, the student's own connection (their name and
 * password) and the broker's word on it first, so a wrong password or a student of another class
 * is refused with Kafka's one line before any consumer, group or frame; then the feed as before.
 * Throws that ClasscastError when refused.
 */
export async function admitStudent(options: StudentAdmission): Promise<DesktopStudent> {
  const { classId, student, password } = options.join;
  const credentials = password === undefined ? undefined : { kind: 'password' as const, username: student, password };
  const connection = connectionWithLogin(options.appConnection, options.login, credentials);
  if (options.login.method === 'password') {
    try {
      await checkClassAccess(connection, { classId, groupId: studentGroupId(classId, student) });
    } catch (error) {
      throw error instanceof ClasscastError ? error : describeKafkaError(error, connection.brokers);
    }
  }
  return joinClass({
    connection,
    classId,
    student,
    port: options.openPort(),
    waitForClassMs: options.waitForClassMs,
    log: options.log,
    ...(options.onEyesOnMe ? { onEyesOnMe: options.onEyesOnMe } : {}),
  });
}
