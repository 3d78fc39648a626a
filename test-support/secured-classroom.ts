/**
 * For a test file: a secured Kafka of 1 or 3 nodes (SCRAM users, ACLs, nothing allowed without an
 * ACL; docs/SECURITY.md), the admin's ClassAccess to grant roles with, each user's login, and
 * teachers that keep sending test keyframes. stop() cleans all of it up.
 */
import { startKafka, type KafkaCluster } from '@classcast/broker';
import {
  createBroadcaster,
  createClassAccess,
  createShareGrantAgent,
  type Broadcaster,
  type ClassAccess,
  type KafkaConnection,
  type ShareGrantAgent,
} from '@classcast/kafka';
import { sendTestKeyFrame } from '@classcast/kafka/testing';

export interface SecuredClassroom<U extends string> {
  readonly cluster: KafkaCluster;
  /** The admin's: grant and revoke teachers and students. */
  readonly access: ClassAccess;
  login(user: U | 'admin'): KafkaConnection;
  /** `teacher` broadcasts a test keyframe to `classId` now and every 250 ms until stop(). */
  broadcastTestFrames(classId: string, teacher: U): Promise<Broadcaster>;
  stop(): Promise<void>;
}

/** `nodes`: 3 for a replicated cluster (classes at replication factor 3). Default 1. */
export async function startSecuredClassroom<U extends string>(passwords: Record<U | 'admin', string>, nodes: 1 | 3 = 1): Promise<SecuredClassroom<U>> {
  const cluster = await startKafka({ nodes, security: { scramUsers: { ...passwords } } });
  const login = (user: U | 'admin'): KafkaConnection => ({
    brokers: cluster.bootstrapServers,
    sasl: { mechanism: 'scram-sha-256', username: user, password: passwords[user] },
  });
  const access = await createClassAccess(login('admin'));
  const teachers: Array<{ broadcaster: Broadcaster; ticker: ReturnType<typeof setInterval> }> = [];
  return {
    cluster,
    access,
    login,
    async broadcastTestFrames(classId, teacher) {
      const broadcaster = createBroadcaster({ connection: login(teacher), classId });
      await broadcaster.start();
      await sendTestKeyFrame(broadcaster);
      teachers.push({ broadcaster, ticker: setInterval(() => void sendTestKeyFrame(broadcaster).catch(() => undefined), 250) });
      return broadcaster;
    },
    async stop() {
      for (const { ticker } of teachers) clearInterval(ticker);
      await Promise.all(teachers.map(({ broadcaster }) => broadcaster.stop().catch(() => undefined)));
      await access.close();
      await cluster.stop();
    },
  };
}

/**
 * For the tests of a student's screen: a secured classroom whose class `classId` has `teacher` and
 * `student`, with the admin's share agent running (every 200 ms). stop() stops the agent first.
 */
export async function startSharingClassroom<U extends string>(
  passwords: Record<U | 'admin', string>,
  classId: string,
  roles: { teacher: U; student: U },
): Promise<SecuredClassroom<U> & { agent: ShareGrantAgent }> {
  const classroom = await startSecuredClassroom<U>(passwords);
  await classroom.access.grantTeacher(classId, roles.teacher);
  await classroom.access.grantStudent(classId, roles.student);
  const agent = createShareGrantAgent({ adminConnection: classroom.login('admin'), classId, intervalMs: 200, log: () => undefined });
  await agent.start();
  return {
    ...classroom,
    agent,
    async stop() {
      await agent.stop();
      await classroom.stop();
    },
  };
}
