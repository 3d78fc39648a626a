/**
 * Gateway fan-out: ONE live reader per class per gateway process, however many students of the
 * class watch through it. Kafka is built to fan one log out to many readers, but a reader per
 * browser student made the gateway fetch the same bytes once per student (issue 18: 300 students
 * on one gateway took seconds per frame). Here the class's frames are fetched once, framed once
 * for the browser (encodedFrameOf: the same buffer for every socket) and handed to each watching
 * student, each with its own back-pressure (FeedOutbox) as before.
 *
 * Who may watch stays the broker's decision, per student: each student's feed commits what it was
 * delivered to the student's own consumer group with the student's own login every few seconds
 * (watchDeliveredPosition), and Kafka checks READ on the topic and the group each time. The shared
 * reader only carries the bytes. On a cluster with logins it reads as one of the watching students
 * (the "carrier"), in a throw-away replay group, which every student of the class may use
 * (class-acls.ts); when the carrier leaves (or is cut off), a new reader starts with another
 * student's login, and frames the old one already handed over are not handed over again. With no
 * student left it stops: the gateway keeps nobody's login. On the open classroom it reads with the
 * gateway's own connection, and stays a little while after the last student left (a reload, the
 * next student) so that no join pays the reader's start.
 *
 * A late joiner sees the current screen at once: the hub keeps, per partition, the frames since
 * the newest keyframe (the picture chain) and hands them to a joining student as catch-up frames
 * (composed, not painted), the newest one unflagged. The same happens when a student comes back
 * to live from a replay. So only the class's first student waits for Kafka.
 *
 * While the teacher lets a student share, the class sees that student's screen (screen-switch.ts):
 * the shared-screens topic is read once per class too, and joiners get the screen shown.
 *
 * The class's announcements (the last ten minutes' on joining) and its picture limit are read
 * once per class too, and so are its annotations (annotation-log.ts: every student's board is
 * built from the one log, the board now on joining, the board at the picture in a replay). Replays stay per student: a student who seeks gets its own ReplaySession.
 */
import { randomUUID } from 'node:crypto';
import { replayGroupId } from '@classcast/protocol';
import {
  createAnnouncementReader,
  createClusterClient,
  createSubscription,
  describeKafkaError,
  loadClassPictureLimit,
  loginName,
  readLessonStart,
  RECENT_ANNOUNCEMENTS_MS,
  type AnnouncementReader,
  type ClusterClient,
  type KafkaConnection,
  type ReceivedAnnouncement,
  type ReceivedFrame,
  type SkippedMessage,
  type Subscription,
  type SubscriptionStatus,
  type TimedShareDecision,
} from '@classcast/kafka';
import { createAnnotationLog, createAnnotationSource, type AnnotationLog } from './annotation-log.js';
import { createScreenSwitch } from './screen-switch.js';
import { createSharedScreenSource } from './shared-screen-source.js';
import type { LiveHandlers, LiveSource } from './student-stream.js';

export interface ClassFanOutOptions {
  /** The gateway's connection: where Kafka is; on the open classroom (no login), also how it reads. */
  connection: KafkaConnection;
  /** Names this gateway in its commits (`classcast students` shows it). Default: a random id. */
  gatewayId?: string;
  /** How long an open class's reader stays after its last student left. Default 30 s. */
  lingerMs?: number;
  /** The picture chain kept for late joiners, per class; above it, joiners wait for the next keyframe. Default 64 MiB. */
  maxCachedBytes?: number;
  log(line: string): void;
}

/** One student's place in its class's hub. */
export interface ClassSeat {
  /** A live source for the student's StudentStream: attached to the shared reader while live. */
  live(handlers: LiveHandlers): LiveSource;
  /** The class's picture limit, read once per class. */
  pictureLimit(): ReturnType<typeof loadClassPictureLimit>;
  /** When the lesson begins (its first frame's capture time), shared and kept for a few seconds. */
  lessonStart(): Promise<number | undefined>;
  /** Announcements: the recent ones at once, then each new one. */
  onAnnouncement(listener: (announcement: ReceivedAnnouncement) => void): void;
  /** The class's annotations, read once per class. */
  readonly annotations: AnnotationLog;
  /** The teacher's share decisions so far with their times, read once per class (a replay's "who held the screen when"). */
  shareTimeline(): readonly TimedShareDecision[];
  /** "Eyes on me" made while the class's reader reads (never an older one: it is not kept for later seats). */
  onEyesOnMe(listener: (time: number) => void): void;
  /** Where this student's group commits go: the gateway's shared client on the open classroom, else undefined (the student's own). */
  readonly sharedCommits: ClusterClient | undefined;
  readonly gatewayId: string;
  /** Gives the seat back; the last one stops the class's reader. */
  leave(): void;
}

export interface ClassFanOut {
  /** A seat in `classId` for a student reading with `connection` (the gateway's, or one with the student's login). */
  join(classId: string, connection: KafkaConnection): ClassSeat;
  /** Classes with a reader now, and students seated (for tests and the bench). */
  stats(): { classes: number; readers: number; seats: number };
  close(): Promise<void>;
}

const DEFAULT_LINGER_MS = 30_000;
const DEFAULT_MAX_CACHED_BYTES = 64 * 1024 * 1024;
const LESSON_START_FRESH_MS = 5000;
const RECENT_ANNOUNCEMENTS = 20;
/** A replacement reader's wait for the class topic (it existed a moment ago). */
const REPLACEMENT_TOPIC_WAIT_MS = 5000;
const READER_RETRY_MS = 1000;

export function createClassFanOut(options: ClassFanOutOptions): ClassFanOut {
  const gatewayId = options.gatewayId ?? randomUUID().slice(0, 8);
  const hubs = new Map<string, ClassHub>();
  // Without logins every commit can share one connection; with logins each student commits as itself.
  const sharedCommits = options.connection.sasl ? undefined : createClusterClient({ ...options.connection, clientId: `classcast-gateway-${gatewayId}` });
  const settings = {
    gatewayId,
    lingerMs: options.lingerMs ?? DEFAULT_LINGER_MS,
    maxCachedBytes: options.maxCachedBytes ?? DEFAULT_MAX_CACHED_BYTES,
    sharedCommits,
    log: options.log,
  };
  return {
    join(classId, connection) {
      let hub = hubs.get(classId);
      if (hub === undefined || hub.closed) {
        hub = createClassHub(classId, settings, () => hubs.get(classId) === hub && hubs.delete(classId));
        hubs.set(classId, hub);
      }
      return hub.seat(connection);
    },
    stats() {
      const all = [...hubs.values()];
      return { classes: all.length, readers: all.filter((hub) => hub.reading).length, seats: all.reduce((sum, hub) => sum + hub.seats, 0) };
    },
    async close() {
      await Promise.all([...hubs.values()].map((hub) => hub.close()));
      hubs.clear();
      await sharedCommits?.disconnect().catch(() => undefined);
    },
  };
}

interface HubSettings {
  gatewayId: string;
  lingerMs: number;
  maxCachedBytes: number;
  sharedCommits: ClusterClient | undefined;
  log(line: string): void;
}

interface ClassHub {
  seat(connection: KafkaConnection): ClassSeat;
  readonly seats: number;
  readonly reading: boolean;
  readonly closed: boolean;
  close(): Promise<void>;
}

/** A tap: one student's live handlers while attached. */
interface Tap {
  handlers: LiveHandlers;
  attached: boolean;
}

interface Reader {
  subscription: Subscription;
  connection: KafkaConnection;
  started: Promise<void>;
}

function createClassHub(classId: string, settings: HubSettings, forget: () => void): ClassHub {
  const log = (line: string) => settings.log(`class ${classId}: ${line}`);
  /** Seats by their connection: the carrier's is the reader's login. */
  const seats = new Map<ClassSeat, KafkaConnection>();
  const taps = new Set<Tap>();
  /** Whose screen the class sees, and each screen's picture chain for switches and joiners. */
  const screen = createScreenSwitch({
    show: (received) => {
      for (const tap of taps) if (tap.attached) tap.handlers.onFrame(received);
    },
    onSwitch: (student) => log(student === undefined ? "back to the teacher's screen" : `showing ${student}'s screen`),
    maxCachedBytes: settings.maxCachedBytes,
    log,
  });
  /** Per partition, the newest frame handed to the students (a new reader's repeats are dropped). */
  const handedOver = new Map<number, { offset: bigint; captureTime: number }>();
  let status: { status: SubscriptionStatus; detail?: string } | undefined;
  let reader: Reader | undefined;
  let carrier: ClassSeat | undefined;
  let lingerTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  /** Shared side reads, made on first use with the carrier's login. */
  let pictureLimit: ReturnType<typeof loadClassPictureLimit> | undefined;
  let lesson: { start: Promise<number | undefined>; at: number } | undefined;
  let announcements: AnnouncementReader | undefined;
  const recentAnnouncements: ReceivedAnnouncement[] = [];
  const announcementListeners = new Set<(announcement: ReceivedAnnouncement) => void>();
  const annotations = createAnnotationLog();
  const annotationSource = createAnnotationSource(classId, annotations, log);
  const sharedScreens = createSharedScreenSource(classId, screen, log);
  let sideReadsStarted = false;
  const eyesOnMeListeners = new Set<(time: number) => void>();
  const carrierConnection = () => (carrier === undefined ? undefined : seats.get(carrier));

  function onFrame(received: ReceivedFrame, from: Reader): void {
    // The old reader of a handover hands over what the new one has not reached yet.
    if (from !== reader && handover?.old !== from) return;
    // A repeat: a new reader (another carrier) starts at the keyframe, before what the students
    // have. A class topic made anew starts its offsets again, but with newer pictures.
    const last = handedOver.get(received.partition);
    if (last !== undefined && BigInt(received.offset) <= last.offset && received.frame.captureTime <= last.captureTime) return;
    if (from === reader) endHandover();
    handedOver.set(received.partition, { offset: BigInt(received.offset), captureTime: received.frame.captureTime });
    screen.teacherFrame(received);
  }

  /** The current picture, for a student who attaches: the chain of the screen shown, all but the newest flagged catch-up. */
  function catchUp(tap: Tap): void {
    for (const received of screen.current()) tap.handlers.onFrame(received);
  }

  let handover: { old: Reader } | undefined;

  /** Starts the shared reader with the carrier's login (a new carrier: a new reader, then the old one stops). */
  function startReader(connection: KafkaConnection, waitForTopicMs: number): Reader {
    const groupId = replayGroupId(classId, `gateway-${settings.gatewayId}-${randomUUID().slice(0, 8)}`);
    const next = {} as Reader;
    next.connection = connection;
    next.subscription = createSubscription({
      connection,
      classId,
      groupId,
      startAt: 'live',
      waitForTopicMs,
      onFrame: (received) => onFrame(received, next),
      onStatus: (value, detail) => {
        if (next !== reader) return;
        status = detail === undefined ? { status: value } : { status: value, detail };
        for (const tap of taps) if (tap.attached) tap.handlers.onStatus(value, detail);
      },
      onSkipped: (skipped: SkippedMessage) => {
        if (next !== reader) return;
        for (const tap of taps) if (tap.attached) tap.handlers.onSkipped(skipped);
      },
    });
    next.started = next.subscription.start();
    return next;
  }

  /** The reader the student's live source waits on: the one running, or a new one with this login. */
  function ensureReader(connection: KafkaConnection, waitForTopicMs: number): Reader {
    clearTimeout(lingerTimer);
    clearTimeout(retryTimer);
    if (reader !== undefined) return reader;
    const started = startReader(connection, waitForTopicMs);
    reader = started;
    carrier = [...seats].find(([, seatConnection]) => seatConnection === connection)?.[0];
    started.started.catch(() => {
      // A reader that could not start (no class yet, Kafka down) is dropped: the next attempt of
      // any student's stream starts a new one, with backoff (StudentStream).
      if (reader !== started) return;
      reader = undefined;
      carrier = undefined;
      void started.subscription.stop().catch(() => undefined);
    });
    return started;
  }

  /**
   * The carrier left, or the reader could not start: a reader with a watching student's login
   * takes over (the attached students stay attached), and the old one stops once the new one has
   * caught up with it. A new reader that fails is tried again in a second, while anyone watches.
   */
  function replaceReader(): void {
    clearTimeout(retryTimer);
    const next = [...seats.entries()][0];
    if (next === undefined) return void stopReader();
    const [seat, connection] = next;
    carrier = seat;
    const old = reader;
    if (old !== undefined && sameLogin(connection, old.connection)) return;
    if (old !== undefined) log(`the reader now reads as ${loginName(connection) ?? 'another student'}`);
    moveSideReads(connection);
    const replacement = startReader(connection, REPLACEMENT_TOPIC_WAIT_MS);
    endHandover();
    if (old !== undefined) handover = { old };
    reader = replacement;
    replacement.started.catch((error: unknown) => {
      if (reader !== replacement) return;
      endHandover();
      reader = undefined;
      const why = describeKafkaError(error, connection.brokers).message;
      log(`the class reader could not start: ${why}`);
      for (const tap of taps) if (tap.attached) tap.handlers.onStatus('reconnecting', why);
      retryTimer = setTimeout(replaceReader, READER_RETRY_MS);
      retryTimer.unref();
    });
  }

  function endHandover(): void {
    const old = handover?.old;
    handover = undefined;
    void old?.subscription.stop().catch(() => undefined);
  }

  function stopReader(): void {
    const old = reader;
    reader = undefined;
    carrier = undefined;
    endHandover();
    screen.forgetTeacher();
    handedOver.clear();
    status = undefined;
    void old?.subscription.stop().catch(() => undefined);
  }

  function seatsChanged(): void {
    if (seats.size > 0) return;
    // With logins the reader reads as a student: none is left, so it stops now. Without, it lingers.
    const lingerMs = reader?.connection.sasl ? 0 : settings.lingerMs;
    clearTimeout(lingerTimer);
    lingerTimer = setTimeout(() => void close(), lingerMs);
    lingerTimer.unref();
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    clearTimeout(lingerTimer);
    clearTimeout(retryTimer);
    forget();
    const old = reader;
    stopReader();
    await Promise.all([
      old?.subscription.stop().catch(() => undefined),
      announcements?.stop().catch(() => undefined),
      annotationSource.stop().catch(() => undefined),
      sharedScreens.stop(),
    ]);
  }

  /** The side reads go on with the new carrier's login: nobody's login is used after they left. */
  function moveSideReads(connection: KafkaConnection): void {
    const oldAnnouncements = announcements;
    announcements = undefined;
    void oldAnnouncements?.stop().catch(() => undefined);
    readAnnouncements(connection);
    annotationSource.read(connection);
    sharedScreens.read(connection);
    lesson = undefined;
  }

  function readAnnouncements(connection: KafkaConnection): void {
    if (announcements !== undefined) return;
    announcements = createAnnouncementReader({
      connection,
      classId,
      readerId: `gateway-${settings.gatewayId}`,
      onAnnouncement: (announcement) => {
        // A new carrier's reader reads the recent ones again.
        if (recentAnnouncements.some((seen) => seen.partition === announcement.partition && seen.offset === announcement.offset)) return;
        recentAnnouncements.push(announcement);
        if (recentAnnouncements.length > RECENT_ANNOUNCEMENTS) recentAnnouncements.shift();
        for (const listener of announcementListeners) listener(announcement);
      },
      onEyesOnMe: ({ time }) => {
        for (const listener of eyesOnMeListeners) listener(time);
      },
      onSkipped: ({ total, reason }) => log(`skipped an announcement (${total} so far): ${reason}`),
    });
    // A side channel: it waits quietly for a class without announcements; a failure loses only them.
    announcements.start().catch((error: unknown) => log(`announcements unavailable: ${describeKafkaError(error, connection.brokers).message}`));
  }

  function seat(connection: KafkaConnection): ClassSeat {
    clearTimeout(lingerTimer);
    readAnnouncements(connection);
    if (!sideReadsStarted) {
      annotationSource.read(connection);
      sharedScreens.read(connection);
    }
    sideReadsStarted = true;
    let left = false;
    const mine = new Set<Tap>();
    let listener: ((announcement: ReceivedAnnouncement) => void) | undefined;
    let eyesListener: ((time: number) => void) | undefined;
    const classSeat: ClassSeat = {
      gatewayId: settings.gatewayId,
      annotations,
      shareTimeline: () => sharedScreens.timeline(),
      sharedCommits: connection.sasl ? undefined : settings.sharedCommits,
      live(handlers) {
        const tap: Tap = { handlers, attached: false };
        const attach = () => {
          if (left || tap.attached) return;
          tap.attached = true;
          taps.add(tap);
          mine.add(tap);
          // The stream learns the status only from here: 'live' too, or it would say 'waiting'.
          if (status !== undefined) handlers.onStatus(status.status, status.detail);
          catchUp(tap);
        };
        const detach = () => {
          tap.attached = false;
          taps.delete(tap);
        };
        return {
          async start() {
            const current = ensureReader(carrierConnection() ?? connection, handlers.waitForTopicMs);
            await current.started;
            attach();
          },
          pause: detach,
          async resumeAtLive() {
            detach();
            attach();
          },
          async stop() {
            detach();
            mine.delete(tap);
          },
        };
      },
      pictureLimit() {
        pictureLimit ??= loadClassPictureLimit(carrierConnection() ?? connection, classId);
        return pictureLimit;
      },
      lessonStart() {
        if (lesson === undefined || Date.now() - lesson.at > LESSON_START_FRESH_MS) {
          const current = { start: readLessonStart(carrierConnection() ?? connection, classId), at: Date.now() };
          // A failed look is not kept: the next student asks again.
          current.start.catch(() => (current.at = 0));
          lesson = current;
        }
        return lesson.start;
      },
      onAnnouncement(next) {
        listener = next;
        announcementListeners.add(next);
        const since = Date.now() - RECENT_ANNOUNCEMENTS_MS;
        for (const announcement of recentAnnouncements) if (announcement.time >= since) next(announcement);
      },
      onEyesOnMe(next) {
        eyesListener = next;
        eyesOnMeListeners.add(next);
      },
      leave() {
        if (left) return;
        left = true;
        for (const tap of mine) taps.delete(tap);
        mine.clear();
        if (listener) announcementListeners.delete(listener);
        if (eyesListener) eyesOnMeListeners.delete(eyesListener);
        seats.delete(classSeat);
        if (carrier === classSeat && reader !== undefined) replaceReader();
        seatsChanged();
      },
    };
    seats.set(classSeat, connection);
    return classSeat;
  }

  return {
    seat,
    get seats() {
      return seats.size;
    },
    get reading() {
      return reader !== undefined;
    },
    get closed() {
      return closed;
    },
    close,
  };
}

/** Two connections that read as the same login (the open classroom's are one object). */
function sameLogin(a: KafkaConnection, b: KafkaConnection): boolean {
  if (a === b) return true;
  if (!a.sasl || !b.sasl) return !a.sasl && !b.sasl;
  return JSON.stringify(a.sasl) === JSON.stringify(b.sasl);
}
