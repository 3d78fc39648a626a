/** Who is watching a class: the student consumer groups that have live members right now. */
import { TOPIC_PREFIX, assertValidName } from '@classcast/protocol';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { describeKafkaError } from './errors.js';

export interface Watcher {
  student: string;
  groupId: string;
  members: number;
}

export async function listWatchers({ connection, classId }: { connection: KafkaConnection; classId: string }): Promise<Watcher[]> {
  const prefix = `${TOPIC_PREFIX}${assertValidName('class id', classId)}.student.`;
  const admin = createKafkaClient(connection).admin();
  try {
    await admin.connect();
    const groupIds = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith(prefix));
    if (groupIds.length === 0) return [];
    const { groups } = await admin.describeGroups(groupIds);
    return groups
      .filter((group) => group.members.length > 0)
      .map((group) => ({ student: group.groupId.slice(prefix.length), groupId: group.groupId, members: group.members.length }))
      .sort((a, b) => a.student.localeCompare(b.student));
  } catch (error) {
    throw describeKafkaError(error, connection.brokers);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function countWatchers(options: { connection: KafkaConnection; classId: string }): Promise<number> {
  return (await listWatchers(options)).length;
}
