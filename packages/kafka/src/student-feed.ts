/**
 * Everything one watching student reads from Kafka, for every student transport (the web
 * gateway's socket, the desktop app's feed port): the live stream in the student's own consumer
 * group, the lesson timeline (StudentTimeline) and the class's announcements. The transport only
 * carries what this says to its viewer and applies its own back-pressure.
 *
 * The live stream is retried with backoff while the class has not started or Kafka cannot be
 * reached, so the student sees 'waiting' or 'reconnecting' and comes back to live by itself.
 * Only an error that retrying cannot mend (refused credentials, a class that did not start within
 * `classWaitMs`) ends the feed, once, through onFailed.
 */
import { ClasscastError, studentGroupId, type GatewayAnnouncement, type GatewayControl, type GatewayTimeline, type TimelineMode, type ViewerStatus } from '@classcast/protocol';
import { createAnnouncementReader } from './announcements.js';
import type { KafkaConnection } from './connection.js';
import { describeKafkaError } from './errors.js';
import { pause } from './pause.js';
import { createStudentTimeline, type StudentTimeline } from './student-timeline.js';
import { createSubscription, type ReceivedFrame, type Subscription } from './subscription.js';

export interface StudentFeedOptions {
  connection: KafkaConnection;
  classId: string;
  student: string;
  /** A frame for the viewer, live or replayed (catch-up frames flagged). */
  deliver(received: ReceivedFrame): void;
  /** The live stream's status, and why when it is not live. */
  onStatus(status: ViewerStatus, detail?: string): void;
  /** A message on the class topic that could not be drawn (skipped, the feed goes on). */
  onSkipped(reason: string): void;
  /** Timeline moves and the class's announcements, for the viewer. */
  tell(message: GatewayTimeline | GatewayAnnouncement): void;
  /** The feed gave up: retrying cannot mend this. Said once; the feed reads nothing more. */
  onFailed(error: ClasscastError): void;
  /** Drops frames still waiting for the viewer: they show a place the student has left. */
  discardPending(): void;
  /** True while the viewer is not reading (routine reports wait). */
  isBackedUp(): boolean;
  log(line: string): void;
  /** How long a class that has not started is waited for before onFailed. Default: for ever. */
  classWaitMs?: number;
}

export interface StudentFeed {
  readonly mode: TimelineMode;
  readonly timeline: StudentTimeline;
  /** Resolves once the live stream reads, or the feed failed or was closed. */
  readonly started: Promise<void>;
  /** seek / speed / live from the viewer. */
  control(message: GatewayControl): void;
  close(): Promise<void>;
}

/** How long one subscription attempt waits for the class topic before saying 'waiting' again. */
const TOPIC_WAIT_MS = 5000;
const MAX_BACKOFF_MS = 5000;
/** A class that is on delivers its current screen within moments: only then say 'waiting'
 * (saying so at once would flash "waiting for the teacher" at every late joiner). */
const FIRST_FRAME_GRACE_MS = 1000;

/** Throws InvalidNameError at once for a class id or student name Kafka cannot use. */
export function createStudentFeed(options: StudentFeedOptions): StudentFeed {
  const { connection, classId, student } = options;
  const groupId = studentGroupId(classId, student);
  const stopWaiting = new AbortController();
  let closed = false;
  let live: Subscription | undefined;
  /** The running live loop; stopping live or closing waits for it. */
  let following: Promise<void> = Promise.resolve();
  let sawStatus = false;

  const timeline = createStudentTimeline({
    connection,
    classId,
    deliver: options.deliver,
    stopLive,
    startLive: () => {
      if (!closed) following = followLive();
    },
    discardPending: options.discardPending,
    tell: options.tell,
    isBackedUp: options.isBackedUp,
    log: options.log,
  });
  const announcements = createAnnouncementReader({
    connection,
    classId,
    readerId: student,
    onAnnouncement: ({ text, time }) => options.tell({ type: 'announcement', text, time }),
    onSkipped: ({ total, reason }) => options.log(`skipped an announcement (${total} so far): ${reason}`),
  });
  // A side channel: it waits quietly for a class without announcements; a failure loses only them.
  announcements.start().catch((error: unknown) => options.log(`announcements unavailable: ${describeKafkaError(error, connection.brokers).message}`));

  function setStatus(status: ViewerStatus, detail?: string): void {
    sawStatus = true;
    options.onStatus(status, detail);
  }

  /** Follows live from the newest keyframe, retrying while the class is missing or Kafka is unreachable. */
  async function followLive(): Promise<void> {
    const deadline = Date.now() + (options.classWaitMs ?? Number.POSITIVE_INFINITY);
    for (let attempt = 0; !closed && timeline.mode === 'live'; attempt += 1) {
      const current = createSubscription({
        connection,
        classId,
        groupId,
        startAt: 'live',
        waitForTopicMs: Math.max(0, Math.min(TOPIC_WAIT_MS, deadline - Date.now())),
        onFrame: (received) => {
          // A subscription being stopped for a replay may still hand over a frame: not for the viewer.
          if (closed || live !== current || timeline.mode !== 'live') return;
          timeline.sawLive(received);
          options.deliver(received);
        },
        onStatus: (status, detail) => {
          if (live === current) setStatus(status, detail);
        },
        onSkipped: ({ error }) => options.onSkipped(error.message),
      });
      live = current;
      try {
        await current.start();
        if (closed || timeline.mode !== 'live') await current.stop();
        return;
      } catch (error) {
        if (live === current) live = undefined;
        await current.stop().catch(() => undefined);
        if (closed) return;
        const failure = describeKafkaError(error, connection.brokers);
        const classNeverStarted = failure.code === 'CC_CLASS_NOT_FOUND' && Date.now() >= deadline;
        if (!failure.retriable || classNeverStarted) return options.onFailed(failure);
        setStatus(failure.code === 'CC_CLASS_NOT_FOUND' ? 'waiting' : 'reconnecting', failure.message);
        await pause(Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt), stopWaiting.signal);
      }
    }
  }

  async function stopLive(): Promise<void> {
    const current = live;
    live = undefined;
    await current?.stop().catch(() => undefined);
    await following.catch(() => undefined);
  }

  const firstFrameTimer = setTimeout(() => {
    if (!sawStatus && !closed) setStatus('waiting', 'no picture from the teacher yet');
  }, FIRST_FRAME_GRACE_MS);
  following = followLive();
  const started = following.catch((error: unknown) => {
    if (!closed) options.onFailed(error instanceof ClasscastError ? error : describeKafkaError(error, connection.brokers));
  });

  return {
    get mode() {
      return timeline.mode;
    },
    timeline,
    started,
    control: (message) => timeline.control(message),
    async close() {
      closed = true;
      clearTimeout(firstFrameTimer);
      stopWaiting.abort();
      const current = live;
      live = undefined;
      await Promise.all([current?.stop().catch(() => undefined), timeline.close(), announcements.stop()]);
      // A consumer still joining its group would otherwise stay in it, holding the partitions.
      await following.catch(() => undefined);
    },
  };
}
