/**
 * Who is watching a class: the students' consumer groups, whether they are connected, how far
 * behind each one is (lag = frames written but not yet read), resetting a student's position, and
 * removing the groups of students who left long ago (Kafka keeps an empty group's position for
 * offsets.retention.minutes, 7 days by default, cluster-wide; a class may want less or more).
 */
import kafkajs, { type Admin } from 'kafkajs';
import { frameTopic, pollUntil, studentGroupId, studentGroupPrefix } from '@classcast/protocol';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError, KafkaError } from './errors.js';
import { DEFAULT_ACCESS_CHECK_MS } from './access-check.js';
import { gatewayCommitNote } from './delivered-position.js';

/** A gateway commits every DEFAULT_ACCESS_CHECK_MS: three missed in a row, and the student has gone. */
const GATEWAY_COMMIT_FRESH_MS = 3 * DEFAULT_ACCESS_CHECK_MS + 1000;

const { ConfigResourceTypes } = kafkajs;

/**
 * watching: connected now. left: not connected, Kafka keeps the group and its position (the
 * student comes back where it was, `students reset` can move it). gone: no group (never joined,
 * pruned, or expired by Kafka): the student starts afresh, live.
 */
export type StudentState = 'watching' | 'left' | 'gone';

export interface Watcher {
  student: string;
  groupId: string;
  /** Connected consumers in the group (0: the student left, or watches through a gateway). */
  members: number;
  /** The gateway a browser student watches through (its commits are fresh), when it does. */
  gateway?: string;
  state: Exclude<StudentState, 'gone'>;
  /** Frames on the class topic this student has not read, summed over partitions. */
  lag: number;
}

interface ClassTarget {
  connection: KafkaConnection;
  classId: string;
}

async function withAdmin<T>(connection: KafkaConnection, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = createKafkaClient(connection).admin();
  try {
    await admin.connect();
    return await work(admin);
  } catch (error) {
    throw describeKafkaError(error, connection.brokers);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

interface StudentGroup extends Watcher {
  /** Committed offsets by partition (-1: none). */
  committed: Map<number, bigint>;
  /** Kafka's group state: only an Empty group can be deleted (not one a student is joining). */
  groupState: string;
}

/** The student groups of the class (or the named ones), with their committed offsets and lag. */
async function readStudentGroups(admin: Admin, classId: string, only?: string[]): Promise<StudentGroup[]> {
  const prefix = studentGroupPrefix(classId);
  const topic = frameTopic(classId);
  const listed = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith(prefix));
  const groupIds = only ? listed.filter((id) => only.includes(id)) : listed;
  if (groupIds.length === 0) return [];
  const { groups } = await admin.describeGroups(groupIds);
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.high)]));
  const students: StudentGroup[] = [];
  // Dead: deleted between the listing and the description.
  for (const group of groups.filter((g) => g.state !== 'Dead')) {
    const [fetched] = await admin.fetchOffsets({ groupId: group.groupId, topics: [topic] });
    const committed = new Map((fetched?.partitions ?? []).map(({ partition, offset }) => [partition, BigInt(offset)]));
    const members = group.members.length;
    const gateway = members === 0 ? watchingGateway(fetched?.partitions ?? []) : undefined;
    let lag = 0n;
    for (const [partition, offset] of committed) {
      const end = ends.get(partition) ?? 0n;
      // -1: nothing committed yet; the student starts live, so nothing is owed.
      if (offset >= 0n && end > offset) lag += end - offset;
    }
    students.push({
      student: group.groupId.slice(prefix.length),
      groupId: group.groupId,
      members,
      ...(gateway === undefined ? {} : { gateway }),
      state: members > 0 || gateway !== undefined ? 'watching' : 'left',
      lag: Number(lag),
      committed,
      groupState: group.state,
    });
  }
  return students.sort((a, b) => a.student.localeCompare(b.student));
}

/**
 * A browser student watching through a gateway is in no group: the gateway commits its position
 * every few seconds (delivered-position.ts). It watches while the newest commit is fresh and does
 * not say it left. (The gateway's clock against this machine's: a school's machines keep time.)
 */
function watchingGateway(partitions: ReadonlyArray<{ metadata?: string | null }>): string | undefined {
  const notes = partitions.map((p) => gatewayCommitNote(p.metadata)).filter((note) => note !== undefined);
  const newest = notes.sort((a, b) => b.at - a.at)[0];
  if (newest === undefined || newest.left || Date.now() - newest.at > GATEWAY_COMMIT_FRESH_MS) return undefined;
  return newest.gateway;
}

/** Every student group of the class, connected or not, with its lag. */
export async function listStudents({ connection, classId }: ClassTarget): Promise<Watcher[]> {
  return withAdmin(connection, async (admin) => (await readStudentGroups(admin, classId)).map(({ committed: _, groupState: __, ...watcher }) => watcher));
}

/** One student's state: watching, left (position kept) or gone (no group). */
export async function studentState({ connection, classId, student }: ClassTarget & { student: string }): Promise<StudentState> {
  const groupId = studentGroupId(classId, student);
  return withAdmin(connection, async (admin) => (await readStudentGroups(admin, classId, [groupId]))[0]?.state ?? 'gone');
}

export interface PruneResult {
  /** How long a group had to be empty to go. */
  emptyForMs: number;
  /** Students whose groups were removed (or, in a dry run, would be). */
  removed: string[];
  /** Students who left more recently, or are watching. */
  kept: string[];
}

/**
 * Removes the groups of students who left at least `emptyForMs` ago (default: the class's
 * retention, after which the lesson they left is gone too). Kafka does not say when a group
 * became empty; a watching student commits its position every second, so the newest frame a left
 * student had read tells: a group goes when every frame it read is older than the cut (or it has
 * no position at all). Measured by the lesson's clock: once a lesson has ended, everyone who left
 * it counts from its last frame.
 */
export async function pruneStudents({
  connection,
  classId,
  emptyForMs,
  dryRun = false,
}: ClassTarget & { emptyForMs?: number; dryRun?: boolean }): Promise<PruneResult> {
  const topic = frameTopic(classId);
  return withAdmin(connection, async (admin) => {
    if (!(await admin.listTopics()).includes(topic)) throw new KafkaError('CC_CLASS_NOT_FOUND', `class ${classId} does not exist (no topic ${topic})`);
    const after = emptyForMs ?? (await retentionMs(admin, topic));
    // Per partition, the first offset written after the cut: a position at or before it read nothing newer.
    // Time 0 (a retention of "forever"): the earliest offset kept, so only positions Kafka already dropped go.
    const cutTime = Math.max(0, Date.now() - after);
    const cut = new Map((await admin.fetchTopicOffsetsByTimestamp(topic, cutTime)).map((o) => [o.partition, BigInt(o.offset)]));
    const students = await readStudentGroups(admin, classId);
    const stale = students.filter((s) => s.groupState === 'Empty' && [...s.committed].every(([partition, offset]) => offset <= (cut.get(partition) ?? 0n)));
    if (!dryRun && stale.length > 0) {
      // Kafka refuses (NON_EMPTY_GROUP) a group a student rejoined a moment ago: that one stays.
      await admin.deleteGroups(stale.map((s) => s.groupId)).catch((error: unknown) => {
        if ((error as { name?: string }).name !== 'KafkaJSDeleteGroupsError') throw error;
      });
    }
    const removed = new Set(dryRun ? stale.map((s) => s.student) : (await deletedOf(admin, stale)).map((s) => s.student));
    return { emptyForMs: after, removed: [...removed], kept: students.filter((s) => !removed.has(s.student)).map((s) => s.student) };
  });
}

/** The groups among these that Kafka no longer lists. */
async function deletedOf(admin: Admin, groups: StudentGroup[]): Promise<StudentGroup[]> {
  if (groups.length === 0) return [];
  const listed = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
  return groups.filter((g) => !listed.has(g.groupId));
}

async function retentionMs(admin: Admin, topic: string): Promise<number> {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
  });
  const value = Number(resources[0]?.configEntries[0]?.configValue);
  // -1 is "forever": then nobody is pruned by default.
  return Number.isFinite(value) && value >= 0 ? value : Number.MAX_SAFE_INTEGER;
}

/** The students connected right now. */
export async function listWatchers(target: ClassTarget): Promise<Watcher[]> {
  return (await listStudents(target)).filter((watcher) => watcher.state === 'watching');
}

export async function countWatchers(target: ClassTarget): Promise<number> {
  return (await listWatchers(target)).length;
}

/**
 * Waits until every connected student has read to the end of the class topic (its committed
 * position, which a watching student moves every second, reaches the end), or `timeoutMs` passes.
 * A classroom that shuts down after its teacher's `end` waits for this, so each student sees
 * "the lesson has ended" instead of losing the broker first. Resolves whether they caught up.
 */
export async function waitForWatchersToCatchUp({ connection, classId }: ClassTarget, timeoutMs: number): Promise<boolean> {
  const everyoneRead = async (admin: Admin) => {
    try {
      return (await readStudentGroups(admin, classId)).every((group) => group.state !== 'watching' || group.lag === 0);
    } catch (error) {
      // A broker moving is worth waiting out; a login that may not list groups will not change.
      if (describeKafkaError(error, connection.brokers).retriable) return false;
      throw error;
    }
  };
  try {
    // One admin for all the looks (four a second), not a connection each.
    return await withAdmin(connection, async (admin) => (await pollUntil(() => everyoneRead(admin), { intervalMs: 250, timeoutMs })) === true);
  } catch {
    return false; // no one to ask: nothing to wait for
  }
}

/**
 * Moves a student's committed position to the start, the end, or a wall-clock time of the lesson.
 * Kafka allows this only while the student is not connected.
 */
export async function resetStudent({ connection, classId, student, to }: ClassTarget & { student: string; to: 'earliest' | 'latest' | Date }): Promise<void> {
  const topic = frameTopic(classId);
  const groupId = studentGroupId(classId, student);
  await withAdmin(connection, async (admin) => {
    // A browser student's gateway would write its own position over the reset within seconds.
    const [group] = await readStudentGroups(admin, classId, [groupId]);
    if (group?.state === 'watching') {
      throw new KafkaError('CC_STUDENT_CONNECTED', `student ${student} is connected: Kafka resets a position only while the student is away`);
    }
    const offsets =
      to instanceof Date
        ? await admin.fetchTopicOffsetsByTimestamp(topic, to.getTime())
        : (await admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, offset: to === 'earliest' ? o.low : o.high }));
    await admin.setOffsets({ groupId, topic, partitions: offsets.map(({ partition, offset }) => ({ partition, offset })) });
  });
}
