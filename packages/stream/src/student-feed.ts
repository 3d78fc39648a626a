/**
 * Everything one watching student reads from Kafka, for every student transport (the web
 * gateway's socket, the desktop app's feed port): the StudentStream (live, replay, paused) wired
 * to @classcast/kafka, and the class's announcements beside it.
 *
 * Two ways to read live:
 * - on its own (the desktop student): a live Subscription in the student's own consumer group, a
 *   ReplaySession of its own, an announcement reader, and the broker asked every few seconds
 *   whether the student may still watch (watchClassAccess);
 * - through a gateway's ClassFanOut (`fanOut`): a share of the class's one reader, whose
 *   announcements, picture limit and lesson start are read once per class; the student's own
 *   Kafka session commits what it was delivered to its group every few seconds, which is also
 *   the broker's access check (watchDeliveredPosition); a ReplaySession of its own is made only
 *   when the student first leaves live.
 *
 * "Eyes on me" from the teacher (made after the student joined: the announcement reader sees to
 * it) takes the student back to live and tells the viewer, with the reason when the student was
 * in a replay or paused; the viewer asks for full screen.
 *
 * The class's annotations travel beside the frames (board-follower.ts): the board now on
 * joining, each new mark live, and in a replay the board as of the picture on screen. The
 * annotation topic is read once per class through a fan-out, else by the feed itself.
 *
 * Before the first frame the viewer is told the class's picture limit (a class setting,
 * loadClassPictureLimit), so its compositor refuses larger pictures undecoded.
 */
import {
  EYES_ON_ME_REASON,
  studentGroupId,
  type ClasscastError,
  type GatewayAnnouncement,
  type GatewayBoard,
  type GatewayControl,
  type GatewayEyesOnMe,
  type GatewayMark,
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
  watchDeliveredPosition,
  type KafkaConnection,
  type ReceivedAnnouncement,
  type ReplaySession,
} from '@classcast/kafka';
import { createAnnotationLog, createAnnotationSource, type AnnotationLog } from './annotation-log.js';
import { createBoardFollower, type BoardFollower } from './board-follower.js';
import type { ClassFanOut } from './class-fan-out.js';
import { createScreenSwitch } from './screen-switch.js';
import { withSharedScreens } from './shared-screen-replay.js';
import { createSharedScreenSource, type SharedScreenSource } from './shared-screen-source.js';
import { createStudentStream, type LiveHandlers, type StudentStream, type StudentStreamOptions } from './student-stream.js';

export interface StudentFeedOptions extends Omit<StudentStreamOptions, 'subscribe' | 'replay' | 'describeError' | 'tell' | 'classId' | 'lessonStart'> {
  /** The student's connection (with its login on a secured cluster). */
  connection: KafkaConnection;
  classId: string;
  student: string;
  /** Whether the viewer is told the board over the picture (a viewer from before the pen is not). Default true. */
  annotations?: boolean;
  /** Read live through this gateway's class readers instead of a consumer of the student's own. */
  fanOut?: ClassFanOut;
  /** Timeline moves, the class's announcements (and eyes on me), its picture limit and the board over the picture, for the viewer. */
  tell(message: GatewayTimeline | GatewayAnnouncement | GatewayEyesOnMe | GatewayPictureLimit | GatewayBoard | GatewayMark): void;
  /**
   * On a cluster with logins, how often the broker is asked again whether this student may still
   * watch: a revoked student or an expired sign-in ends through onFailed (CC_ACCESS_ENDED) within
   * this long, in any mode. Through a fan-out it is also how often the position is committed.
   * Default 3 s.
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

/** What the class's announcement topic brings the student. */
interface Announced {
  announcement(announcement: ReceivedAnnouncement): void;
  eyesOnMe(time: number): void;
}

/** What differs between reading on its own and through a fan-out. */
interface LiveWiring {
  subscribe: StudentStreamOptions['subscribe'];
  replay: ReplaySession;
  lessonStart?: StudentStreamOptions['lessonStart'];
  pictureLimit(): ReturnType<typeof loadClassPictureLimit>;
  /** The class's annotations, read as they come. */
  annotations: AnnotationLog;
  /** Frames delivered live go through here (the fan-out's position). */
  noteDelivered?(partition: number, offset: string): void;
  close(): Promise<void>;
}

/** Throws InvalidNameError at once for a class id or student name Kafka cannot use. */
export function createStudentFeed(options: StudentFeedOptions): StudentFeed {
  const { connection, classId } = options;
  const groupId = studentGroupId(classId, options.student);
  const describeError = (error: unknown): ClasscastError => describeKafkaError(error, connection.brokers);
  const announced: Announced = {
    announcement: ({ text, time }) => options.tell({ type: 'announcement', text, time }),
    eyesOnMe(time) {
      const away = stream.mode !== 'live';
      if (away) stream.control({ type: 'live' });
      options.tell({ type: 'eyes-on-me', time, ...(away ? { text: EYES_ON_ME_REASON } : {}) });
    },
  };
  const wiring = options.fanOut ? throughFanOut(options.fanOut, options, groupId, announced) : onItsOwn(options, groupId, announced);
  const board =
    options.annotations === false ? quietBoard : createBoardFollower({ log: wiring.annotations, tell: options.tell, isBackedUp: options.isBackedUp });
  board.live();
  const stream = createStudentStream({
    ...options,
    tell(timeline) {
      // Into a replay: the board as of where the timeline put the student, until a picture says.
      if (timeline.mode === 'live') board.live();
      else if (board.isLive) board.at(timeline.position);
      options.tell(timeline);
    },
    subscribe: wiring.subscribe,
    replay: wiring.replay,
    ...(wiring.lessonStart ? { lessonStart: wiring.lessonStart } : {}),
    describeError,
    deliver(received) {
      if (stream.mode === 'live' && !received.catchingUp && received.sharedBy === undefined) wiring.noteDelivered?.(received.partition, received.offset);
      if (stream.mode !== 'live' && !received.catchingUp) board.at(received.frame.captureTime);
      options.deliver(received);
    },
    async beforeLive() {
      const { limit, warning } = await wiring.pictureLimit();
      if (warning) options.log(`warning: ${warning}`);
      options.tell({ type: 'picture-limit', maxPixels: limit.maxPixels, description: limit.description });
    },
  });

  return {
    get mode() {
      return stream.mode;
    },
    stream,
    started: stream.started,
    control: (message) => stream.control(message),
    async close() {
      board.close();
      await Promise.all([stream.close(), wiring.close()]);
    },
  };
}

/** For a viewer that does not draw marks. */
const quietBoard: BoardFollower = { live: () => undefined, at: () => undefined, isLive: false, close: () => undefined };

/** The desktop student: a consumer, a replay session and an announcement reader of its own. */
function onItsOwn(options: StudentFeedOptions, groupId: string, announced: Announced): LiveWiring {
  const { connection, classId } = options;
  const announcements = createAnnouncementReader({
    connection,
    classId,
    readerId: options.student,
    onAnnouncement: announced.announcement,
    onEyesOnMe: ({ time }) => announced.eyesOnMe(time),
    onSkipped: ({ total, reason }) => options.log(`skipped an announcement (${total} so far): ${reason}`),
  });
  // A side channel: it waits quietly for a class without announcements; a failure loses only them.
  announcements.start().catch((error: unknown) => options.log(`announcements unavailable: ${describeKafkaError(error, connection.brokers).message}`));
  const annotations = createAnnotationLog();
  const annotationSource = createAnnotationSource(classId, annotations, options.log);
  annotationSource.read(connection);
  const screen = switchedLive(options, (handlers) => createSubscription({ connection, classId, groupId, startAt: 'live', ...handlers }));
  screen.source.read(connection);
  // Without a login there is no one to revoke: an open cluster has no per-student rules.
  const access = connection.sasl
    ? watchClassAccess(connection, { classId, groupId }, { intervalMs: options.accessCheckMs ?? DEFAULT_ACCESS_CHECK_MS, onRefused: options.onFailed })
    : undefined;
  return {
    subscribe: screen.subscribe,
    replay: withSharedScreens(createReplaySession({ connection, classId }), {
      connection,
      classId,
      timeline: () => screen.source.timeline(),
      log: options.log,
    }),
    pictureLimit: () => loadClassPictureLimit(connection, classId),
    annotations,
    async close() {
      await Promise.all([announcements.stop(), access?.stop(), annotationSource.stop(), screen.source.stop()]);
    },
  };
}

/**
 * The desktop student's live source through its own ScreenSwitch: the class topic's frames and a
 * student's shared screen while the teacher lets one share. Back at live, or on a new attempt,
 * the screen shown now is handed over when it is a student's (the class topic's own catch-up
 * brings the teacher's).
 */
function switchedLive(
  options: StudentFeedOptions,
  subscribe: StudentStreamOptions['subscribe'],
): { subscribe: StudentStreamOptions['subscribe']; source: SharedScreenSource } {
  // The stream drops what comes while it is away from live, as it does the class topic's frames.
  let handlers: LiveHandlers | undefined;
  const screen = createScreenSwitch({
    show: (received) => handlers?.onFrame(received),
    onSwitch: (student) => options.log(student === undefined ? "back to the teacher's screen" : `showing ${student}'s screen`),
    log: options.log,
  });
  const showStudentScreen = () => {
    if (screen.showing !== undefined) for (const received of screen.current()) handlers?.onFrame(received);
  };
  return {
    source: createSharedScreenSource(options.classId, screen, options.log),
    subscribe(next) {
      handlers = next;
      const live = subscribe({ ...next, onFrame: (received) => screen.teacherFrame(received) });
      return {
        start() {
          showStudentScreen();
          return live.start();
        },
        pause: () => live.pause(),
        async resumeAtLive() {
          await live.resumeAtLive();
          showStudentScreen();
        },
        stop: () => live.stop(),
      };
    },
  };
}

/** A browser student on the gateway: a seat at the class's one reader, and its own commits. */
function throughFanOut(fanOut: ClassFanOut, options: StudentFeedOptions, groupId: string, announced: Announced): LiveWiring {
  const { connection, classId } = options;
  const seat = fanOut.join(classId, connection);
  seat.onAnnouncement(announced.announcement);
  seat.onEyesOnMe(announced.eyesOnMe);
  const position = watchDeliveredPosition({
    connection,
    classId,
    groupId,
    ...(seat.sharedCommits ? { client: seat.sharedCommits } : {}),
    gatewayId: seat.gatewayId,
    intervalMs: options.accessCheckMs ?? DEFAULT_ACCESS_CHECK_MS,
    onRefused: options.onFailed,
    log: options.log,
  });
  return {
    subscribe: (handlers) => seat.live(handlers),
    replay: lazyReplaySession(
      () => withSharedScreens(createReplaySession({ connection, classId }), { connection, classId, timeline: () => seat.shareTimeline(), log: options.log }),
      classId,
    ),
    lessonStart: () => seat.lessonStart(),
    pictureLimit: () => seat.pictureLimit(),
    annotations: seat.annotations,
    noteDelivered: (partition, offset) => position.delivered(partition, offset),
    async close() {
      seat.leave();
      await position.stop();
    },
  };
}

/** A replay session made on first use: most students never leave live, and each session is a Kafka client. */
function lazyReplaySession(create: () => ReplaySession, classId: string): ReplaySession {
  let session: ReplaySession | undefined;
  const made = () => (session ??= create());
  return {
    classId,
    warm: () => made().warm(),
    // Warmed first, as an eager session is by the time of its first seek.
    play: async (playOptions) => {
      await made().warm();
      return made().play(playOptions);
    },
    lessonStart: () => made().lessonStart(),
    writtenCount: () => made().writtenCount(),
    close: async () => session?.close(),
  };
}
