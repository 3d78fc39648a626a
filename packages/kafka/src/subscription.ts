/**
 * The reading side of a class stream. A student reads in a consumer group of its own, so every
 * student gets every frame (publish-subscribe); a pool of recorders shares one group, so the
 * partitions are split between them (queue). Corrupt or foreign messages are skipped and counted.
 *
 * A student who joins mid-lesson sees the current screen at once: the subscription reads the
 * newest message of each partition, finds the keyframe it builds on with Kafka's time index
 * (message timestamp = capture time), seeks there and replays up to the newest message with
 * `catchingUp` set, so a viewer composes those frames without painting each one. Kafka holds a new
 * group's first assignment back (3 s on a cluster with default settings), so meanwhile it reads
 * group-less (groupless-read.ts) and the consumer takes over from there.
 *
 * A student who replays the lesson pauses the live subscription (no fetches; the consumer keeps
 * its group membership and connections) and, back to live, resumes it at the newest keyframe:
 * the same locating as a late join, without a new group join.
 */
import type { Admin, Consumer, EachMessagePayload } from 'kafkajs';
import { ClasscastError, frameTopic, pause, pollUntil, tryDecodeFrame, type Frame } from '@classcast/protocol';
import { KAFKA_RETRY, rackConsumerOption, type KafkaConnection } from './connection.js';
import { createLiveStreamClient } from './hung-broker-watchdog.js';
import { describeKafkaError, KafkaError } from './errors.js';
import { checkClassAccess } from './access-check.js';
import { retryRetriable } from './retry.js';
import { createKeyframeLocator } from './keyframe-locator.js';
import { watchForDeletedTopic, type DeletedTopicWatch } from './deleted-topic-watch.js';
import { resolveStartOffsets, type PartitionOffset, type StartPosition } from './start-offsets.js';
import { startGrouplessRead, type GrouplessRead } from './groupless-read.js';
import { createClusterClient, type ClusterClient } from './cluster-client.js';

export type { StartPosition } from './start-offsets.js';

/** The stream's state as the subscription sees it; a viewer adds 'behind' from the latency. */
export type SubscriptionStatus = 'waiting' | 'live' | 'reconnecting' | 'ended';
export type CommitPolicy = 'each-frame' | 'every-second';

export interface ReceivedFrame {
  frame: Frame;
  partition: number;
  offset: string;
  /** Capture to arrival, ms (clocks of teacher and student machines must agree for this to mean much). */
  latencyMs: number;
  /** Replayed only to rebuild the current picture on joining: compose it, paint at the next frame without this flag. */
  catchingUp: boolean;
  /** The student whose shared screen this is (shared-screen.ts): not a place in the class topic. */
  sharedBy?: string;
  /** Keeps the group membership alive while a handler waits (paced replay). */
  heartbeat(): Promise<void>;
}

export interface SkippedMessage {
  partition: number;
  offset: string;
  /** A FrameFormatError, or what the handler threw for a frame it could not use (a broken picture). */
  error: ClasscastError;
}

export interface SubscriptionOptions {
  connection: KafkaConnection;
  classId: string;
  /** Another topic of the class's frames (the shared-screens topic); default the class topic. */
  topic?: string;
  groupId: string;
  /**
   * live: the current screen: the newest keyframe of each partition and what follows it (a
   *   student); when the class topic did not exist yet, from its first frame.
   * committed: go on from the group's committed offsets, from the beginning if none (a recorder).
   * { offsets } / { time }: the picture at that offset or wall-clock time (replay).
   */
  startAt: StartPosition;
  /**
   * How the group's position is committed to Kafka.
   * - each-frame (the default for startAt 'committed', a recorder): after every frame, so a
   *   restarted recorder resumes exactly where it stopped.
   * - every-second (the default otherwise, a student who always starts live): the committed
   *   position only tells who watches and how far behind (`classcast students`, the Kafka
   *   consumer-groups tool), and it is exact again when the student leaves. One OffsetCommit per
   *   frame per student was the broker's largest cost in a class (measured: docs/BENCHMARKS.md).
   *   A rejoin continues from the last frame handled, not from the older committed offset.
   */
  commit?: CommitPolicy;
  onFrame(received: ReceivedFrame): void | Promise<void>;
  onSkipped?(skipped: SkippedMessage): void;
  onStatus?(status: SubscriptionStatus, detail?: string): void;
  /** How long start() waits for the class topic to appear (the teacher may not have started yet). */
  waitForTopicMs?: number;
}

export interface SubscriptionStats {
  frames: number;
  skipped: number;
  bytes: number;
  /** Times this member joined its group (a rejoin after a broker restart counts; a resume does not). */
  joins: number;
}

export interface Subscription {
  readonly topic: string;
  readonly stats: Readonly<SubscriptionStats>;
  readonly status: SubscriptionStatus;
  /** Resolves once this member has joined its group and been given its partitions. */
  start(): Promise<void>;
  /** Partitions this member reads now (for recorder pools). */
  assignedPartitions(): number[];
  /** Stops reading for now (a replay plays elsewhere); frames already fetched may still arrive. */
  pause(): void;
  /** Reads again from the current screen (the newest keyframe of each partition), on the same consumer. */
  resumeAtLive(): Promise<void>;
  stop(): Promise<void>;
}

const COMMIT_EVERY_MS = 1000;
/** How long after a crash kafkajs would not restart from we start the consumer again. */
const CRASH_RESTART_MS = 1000;
// Frames can be several MB; kafkajs's defaults (1 MiB per partition) would stall on a 4K frame.
const MAX_BYTES_PER_PARTITION = 32 * 1024 * 1024;
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_WAIT_MS = 250;

/** What a frame handler throws for a frame it cannot use (a forged or broken picture): skip and count it. */
export function isUnusableFrame(error: unknown): error is ClasscastError {
  return error instanceof ClasscastError && !error.retriable;
}

export function createSubscription(options: SubscriptionOptions): Subscription {
  const topic = options.topic ?? frameTopic(options.classId);
  const commitPolicy: CommitPolicy = options.commit ?? (options.startAt === 'committed' ? 'each-frame' : 'every-second');
  /** Per partition, the offset of the last message handled (delivered or skipped). */
  const handled = new Map<number, string>();
  const { kafka, watchdog } = createLiveStreamClient({ clientId: `classcast-${options.groupId}`, ...options.connection });
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    ...rackConsumerOption(options.connection),
    maxBytesPerPartition: MAX_BYTES_PER_PARTITION,
    maxBytes: MAX_BYTES,
    maxWaitTimeInMs: MAX_WAIT_MS,
    allowAutoTopicCreation: false,
    // A dead broker is noticed in seconds, not kafkajs's 30 s default: after a whole-cluster
    // restart the student rejoins as a new member, and Kafka waits for the old membership to time
    // out first, so this bounds how soon every student is live again (target: 10 s after the
    // cluster answers; docs/BENCHMARKS.md, "Fault suite"). Not lower: a loaded machine must not
    // miss heartbeats. Heartbeats at about a third of it, as Kafka advises: each one is awaited
    // between two frames, so more often only delays frames.
    sessionTimeout: 8000,
    heartbeatInterval: 2500,
    // kafkajs waits rebalanceTimeout (60 s by default) for a JoinGroup answer: a rejoin sent to a
    // hung coordinator would wait out the whole hang. A student's group has one member.
    rebalanceTimeout: 10_000,
    // A member that rejoined while the class topic was deleted holds no partition, so no fetch
    // error makes kafkajs look again: it sees the recreated topic at its next metadata refresh,
    // which would otherwise be 5 minutes away.
    metadataMaxAge: 3000,
    // A lesson must outlive a broker restart: always restart after a crash, kafkajs backs off.
    // 15 tries of at most 1 s ride out a failover (~5 s) without a crash: a crashed member
    // rejoins only after its old membership times out (sessionTimeout), 8 s more.
    retry: { ...KAFKA_RETRY, retries: 15, restartOnFailure: async () => true },
  });
  watchdog.watch(consumer);
  const admin: Admin = kafka.admin();
  const stats: SubscriptionStats = { frames: 0, skipped: 0, bytes: 0, joins: 0 };
  let paused = false;
  let status: SubscriptionStatus = 'waiting';
  let assigned: number[] = [];
  /** Reading before the group assignment arrives (startAt 'live'); undefined once the consumer took over. */
  let groupless: GrouplessRead | undefined;
  const locator = createKeyframeLocator({
    admin,
    topic,
    seek: (target) => (groupless ? groupless.seek(target.partition, target.offset) : consumer.seek(target)),
    onBrokenStream: () => setStatus('reconnecting', `the class topic ${topic} was replaced (deleted and created again?); finding the current picture`),
  });
  let startOffsets: PartitionOffset[] | undefined;
  const fail = (error: unknown) => describeKafkaError(error, options.connection.brokers);
  let topicWatch: DeletedTopicWatch | undefined;
  let commitTimer: ReturnType<typeof setInterval> | undefined;
  const committed = new Map<number, string>();

  /** Commits the position after the last message handled in each partition, where it moved. */
  async function commitHandled(): Promise<void> {
    const moved = [...handled].filter(([partition, offset]) => committed.get(partition) !== offset);
    if (moved.length === 0) return;
    await consumer.commitOffsets(moved.map(([partition, offset]) => ({ topic, partition, offset: String(BigInt(offset) + 1n) })));
    for (const [partition, offset] of moved) committed.set(partition, offset);
  }

  function setStatus(next: SubscriptionStatus, detail?: string): void {
    if (next === status) return;
    status = next;
    options.onStatus?.(next, detail);
  }

  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    stats.joins += 1;
    const previous = new Set(assigned);
    assigned = [...(event.payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
    // A partition new to this member continues from another member's position: locate again. The
    // group-less read hands its partitions over mid-locating, so their state goes on.
    if (!groupless) for (const partition of assigned) if (!previous.has(partition)) locator.forget(partition);
  });
  let started = false;
  /** stop() was called: no more restarts. */
  let stopping = false;
  async function runConsumer(): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    // Committing after every frame lets a restarted recorder resume exactly where it stopped.
    await consumer.run(
      commitPolicy === 'each-frame' ? { eachMessage: handle, autoCommit: true, autoCommitThreshold: 1 } : { eachMessage: handle, autoCommit: false },
    );
  }

  /**
   * kafkajs restarts a crashed consumer only after errors it calls retriable; after others (seen
   * when brokers died mid-request during a failover) the consumer stayed down for good while the
   * student read "reconnecting" forever. What we call retriable (a broker gone, a coordinator
   * moving) is restarted here, until it runs or the subscription stops; refusals are not.
   */
  async function restartAfterCrash(): Promise<void> {
    while (!stopping) {
      await pause(CRASH_RESTART_MS);
      if (stopping) return;
      try {
        return await runConsumer();
      } catch (error) {
        const reason = fail(error);
        if (!reason.retriable) return setStatus('reconnecting', reason.message);
      }
    }
  }

  consumer.on(consumer.events.CRASH, (event) => {
    const reason = describeKafkaError(event.payload.error, options.connection.brokers);
    // Before the first join, a crash is the coordinator warming up (kafkajs retries): not news.
    if (started) setStatus('reconnecting', reason.message);
    if (started && !event.payload.restart && reason.retriable) void restartAfterCrash();
  });

  async function handle({ partition, message, heartbeat }: Pick<EachMessagePayload, 'partition' | 'message' | 'heartbeat'>): Promise<void> {
    startOffsets = undefined; // reading has begun where it should; rejoins keep their position
    topicWatch?.noteMessage();
    const result = tryDecodeFrame(message);
    if ('error' in result) {
      stats.skipped += 1;
      handled.set(partition, message.offset);
      options.onSkipped?.({ partition, offset: message.offset, error: result.error });
      return;
    }
    const { frame } = result;
    const step = await locator.place(partition, message.offset, frame);
    if (step === 'pass') return;
    stats.frames += 1;
    stats.bytes += frame.payload.length;
    const catchingUp = step === 'catch-up';
    if (!catchingUp) setStatus(frame.kind === 'end' ? 'ended' : 'live');
    try {
      await options.onFrame({ frame, partition, offset: message.offset, latencyMs: Date.now() - frame.captureTime, catchingUp, heartbeat });
    } catch (error) {
      // A frame the handler cannot use (a truncated picture, a lying header) is skipped and
      // counted; rethrowing would make kafkajs retry the same poisoned message forever.
      if (!isUnusableFrame(error)) throw error;
      stats.frames -= 1;
      stats.skipped += 1;
      options.onSkipped?.({ partition, offset: message.offset, error });
    }
    handled.set(partition, message.offset);
  }

  /** Reads from the live start while the consumer waits for its assignment; no heartbeat: no group yet. */
  function readWhileJoining(client: ClusterClient, from: PartitionOffset[]): GrouplessRead {
    const reading = startGrouplessRead({
      client,
      topic,
      from,
      limits: { maxWaitMs: MAX_WAIT_MS, maxBytesPerPartition: MAX_BYTES_PER_PARTITION, maxBytes: MAX_BYTES },
      handle: (partition, message) => handle({ partition, message, heartbeat: async () => undefined }),
      // The consumer reads from where this stopped: its error, if it has the same, is the one reported.
      onFailed: () => void reading.stop(),
    });
    return reading;
  }

  /**
   * The assignment arrived: the consumer goes on from where the group-less read stopped. It is
   * held until then (a message may still be in the viewer's hands), so each frame comes once.
   */
  function handOver(reading: GrouplessRead): void {
    consumer.pause([{ topic }]);
    void reading.stop().then(() => {
      groupless = undefined;
      if (stopping) return;
      for (const { partition, offset } of reading.positions()) if (assigned.includes(partition)) consumer.seek({ topic, partition, offset });
      if (!paused) consumer.resume([{ topic }]);
    });
  }

  return {
    topic,
    stats,
    get status() {
      return status;
    },
    assignedPartitions: () => assigned,
    async start() {
      // The group-less read's connection is opened while the admin finds where to start.
      const grouplessClient = options.startAt === 'live' ? createClusterClient(options.connection) : undefined;
      void grouplessClient?.connect().catch(() => undefined);
      try {
        // Secured cluster: a group this login may not use never joins (kafkajs retries forever),
        // and a class it may not read looks absent: ask the broker first, for one clear answer.
        // A broker that just started answers "coordinator loading" for a moment: retry that.
        if (options.connection.sasl)
          await retryRetriable(() => checkClassAccess(options.connection, { classId: options.classId, groupId: options.groupId }), 20);
        await admin.connect();
        const existedAlready = await waitForTopic(admin, topic, options.waitForTopicMs ?? 30_000);
        startOffsets = await resolveStartOffsets(admin, topic, options.startAt, !existedAlready);
        if (grouplessClient && startOffsets) groupless = readWhileJoining(grouplessClient, startOffsets);
        else await grouplessClient?.disconnect();
      } catch (error) {
        await grouplessClient?.disconnect().catch(() => undefined);
        await admin.disconnect().catch(() => undefined);
        throw fail(error);
      }
      // Seeks given in a GROUP_JOIN handler are applied before the first fetch, so the start
      // position is exactly the one resolved, with no race against Kafka's offset reset. A crash
      // before the first frame loses them with the consumer group, so every join repeats them.
      const joined = new Promise<void>((resolve) => {
        consumer.on(consumer.events.GROUP_JOIN, () => {
          if (groupless) {
            handOver(groupless);
          } else if (startOffsets) {
            for (const { partition, offset } of startOffsets) consumer.seek({ topic, partition, offset });
          } else if (commitPolicy === 'every-second') {
            // The committed offset may be up to a second old: go on after what was handled. (A
            // student's group has one member, so no one else moved these partitions meanwhile.)
            for (const [partition, offset] of handled)
              if (assigned.includes(partition)) consumer.seek({ topic, partition, offset: String(BigInt(offset) + 1n) });
          }
          started = true;
          resolve();
        });
      });
      try {
        await runConsumer();
        if (commitPolicy === 'every-second') {
          // A commit that meets a rebalance fails: the next one carries the same position.
          commitTimer = setInterval(() => void commitHandled().catch(() => undefined), COMMIT_EVERY_MS);
          commitTimer.unref();
        }
      } catch (error) {
        await groupless?.stop();
        throw fail(error);
      }
      await joined;
      topicWatch = watchForDeletedTopic({
        admin,
        topic,
        isLive: () => status === 'live' && !paused,
        onDeleted: () => {
          // Kafka's own word that the log is gone: whatever comes next is located afresh.
          for (const partition of assigned) locator.forget(partition);
          setStatus('reconnecting', `the class topic ${topic} was deleted; waiting for the teacher to create it again`);
        },
      });
    },
    pause() {
      paused = true;
      void groupless?.stop();
      consumer.pause([{ topic }]);
    },
    async resumeAtLive() {
      const offsets = (await resolveStartOffsets(admin, topic, 'live', false)) ?? [];
      // Each partition is located again, as on joining: its newest frame may be a delta.
      for (const { partition, offset } of offsets) {
        // Before the hand-over the consumer takes over from the group-less read's positions.
        if (groupless) groupless.seek(partition, offset);
        else if (assigned.includes(partition)) consumer.seek({ topic, partition, offset });
        else continue;
        locator.forget(partition);
      }
      paused = false;
      consumer.resume([{ topic }]);
    },
    async stop() {
      stopping = true;
      await groupless?.stop();
      watchdog.stop();
      topicWatch?.stop();
      clearInterval(commitTimer);
      // Leaving, the student's lag is exact (who watches and how far behind is read from it).
      if (commitPolicy === 'every-second') await commitHandled().catch(() => undefined);
      await consumer.disconnect();
      await admin.disconnect().catch(() => undefined);
    },
  };
}

/** Resolves true when the topic was there at once, false when it appeared while we waited. */
async function waitForTopic(admin: Admin, topic: string, timeoutMs: number): Promise<boolean> {
  const found = await pollUntil(async (asked) => (await admin.listTopics()).includes(topic) && { atOnce: asked === 0 }, {
    intervalMs: (asked) => Math.min(100 * 2 ** (asked - 1), 2000),
    timeoutMs,
  });
  if (!found) throw new KafkaError('CC_CLASS_NOT_FOUND', `class topic ${topic} does not exist yet: has the teacher started?`, { retriable: true });
  return found.atOnce;
}
