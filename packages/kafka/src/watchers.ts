/**
 * Who is watching a class: the students' consumer groups, whether they are connected, how far
 * behind each one is (lag = frames written but not yet read), and resetting a student's position.
 */
import type { Admin } from 'kafkajs';
import { frameTopic, studentGroupId, studentGroupPrefix } from '@classcast/protocol';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError, KafkaError } from './errors.js';

export interface Watcher {
  student: string;
  groupId: string;
  /** Connected consumers in the group (0: the student left). */
  members: number;
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

/** Every student group of the class, connected or not, with its lag. */
export async function listStudents({ connection, classId }: ClassTarget): Promise<Watcher[]> {
  const prefix = studentGroupPrefix(classId);
  const topic = frameTopic(classId);
  return withAdmin(connection, async (admin) => {
    const groupIds = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith(prefix));
    if (groupIds.length === 0) return [];
    const { groups } = await admin.describeGroups(groupIds);
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.high)]));
    const watchers: Watcher[] = [];
    for (const group of groups) {
      const [committed] = await admin.fetchOffsets({ groupId: group.groupId, topics: [topic] });
      let lag = 0n;
      for (const { partition, offset } of committed?.partitions ?? []) {
        const end = ends.get(partition) ?? 0n;
        // -1: nothing committed yet; the student starts live, so nothing is owed.
        if (BigInt(offset) >= 0n && end > BigInt(offset)) lag += end - BigInt(offset);
      }
      watchers.push({ student: group.groupId.slice(prefix.length), groupId: group.groupId, members: group.members.length, lag: Number(lag) });
    }
    return watchers.sort((a, b) => a.student.localeCompare(b.student));
  });
}

/** The students connected right now. */
export async function listWatchers(target: ClassTarget): Promise<Watcher[]> {
  return (await listStudents(target)).filter((watcher) => watcher.members > 0);
}

export async function countWatchers(target: ClassTarget): Promise<number> {
  return (await listWatchers(target)).length;
}

/**
 * Moves a student's committed position to the start, the end, or a wall-clock time of the lesson.
 * Kafka allows this only while the student is not connected.
 */
export async function resetStudent({ connection, classId, student, to }: ClassTarget & { student: string; to: 'earliest' | 'latest' | Date }): Promise<void> {
  const topic = frameTopic(classId);
  const groupId = studentGroupId(classId, student);
  await withAdmin(connection, async (admin) => {
    const { groups } = await admin.describeGroups([groupId]);
    if ((groups[0]?.members.length ?? 0) > 0) {
      throw new KafkaError('CC_STUDENT_CONNECTED', `student ${student} is connected: Kafka resets a position only while its group is empty`);
    }
    const offsets =
      to instanceof Date
        ? await admin.fetchTopicOffsetsByTimestamp(topic, to.getTime())
        : (await admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, offset: to === 'earliest' ? o.low : o.high }));
    await admin.setOffsets({ groupId, topic, partitions: offsets.map(({ partition, offset }) => ({ partition, offset })) });
  });
}
