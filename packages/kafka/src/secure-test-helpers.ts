/** Helpers for the tests against a secured broker (not part of the public entry). */
import { afterAll, beforeAll } from 'vitest';
import { startKafka, type KafkaCluster, type TlsMaterial } from '@classcast/broker';
import { studentGroupId } from '@classcast/protocol';
import { createBroadcaster } from './broadcaster.js';
import { createClassAccess, type ClassAccess } from './class-access.js';
import { loginName, type KafkaConnection, type PasswordCredentials } from './connection.js';
import { createSubscription, type ReceivedFrame } from './subscription.js';
import { testKeyFrame } from './testing.js';
import { waitFor } from '../../../test-support/wait-for.js';

export const PASSWORDS = { admin: 'admin-secret', teacher: 'teacher-secret', ada: 'ada-secret', bob: 'bob-secret' } as const;
export type TestUser = keyof typeof PASSWORDS;

/** One secured node with the four test users; `tls` adds the SASL_SSL listener. */
export function startSecuredKafka(tls?: TlsMaterial): Promise<KafkaCluster> {
  return startKafka({ nodes: 1, security: { scramUsers: { ...PASSWORDS }, ...(tls ? { tls } : {}) } });
}

export type Login = KafkaConnection & { sasl: PasswordCredentials };

export function login(brokers: string[], user: TestUser, extra: Omit<Partial<KafkaConnection>, 'sasl'> = {}): Login {
  return { brokers, sasl: { mechanism: 'scram-sha-256', username: user, password: PASSWORDS[user] }, ...extra };
}

/** Who a class of a test suite has from the start. */
export interface TestClassRoles {
  teacher?: TestUser;
  students?: TestUser[];
}

export interface SecuredKafkaSuite {
  readonly brokers: string[];
  /** The admin's: grant and revoke more during the tests. */
  readonly access: ClassAccess;
  login(user: TestUser): Login;
}

/**
 * For a describe block: a secured broker (startSecuredKafka) started before its tests with each
 * class's `roles` granted, stopped after them. Its fields are read in the tests, once it runs.
 */
export function useSecuredKafka(roles: Record<string, TestClassRoles>): SecuredKafkaSuite {
  let cluster: KafkaCluster | undefined;
  let access: ClassAccess | undefined;
  const running = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useSecuredKafka: read before the suite started');
    return value;
  };
  beforeAll(async () => {
    cluster = await startSecuredKafka();
    access = await createClassAccess(login(cluster.bootstrapServers, 'admin'));
    for (const [classId, { teacher, students = [] }] of Object.entries(roles)) {
      if (teacher) await access.grantTeacher(classId, teacher);
      for (const student of students) await access.grantStudent(classId, student);
    }
  });
  afterAll(async () => {
    await access?.close();
    await cluster?.stop();
  });
  return {
    get brokers() {
      return running(cluster).bootstrapServers;
    },
    get access() {
      return running(access);
    },
    login: (user) => login(running(cluster).bootstrapServers, user),
  };
}

/**
 * The teacher broadcasts one frame to the class and the student, reading live in its own group,
 * receives it. `whileWatching` runs while the student is connected.
 */
export async function broadcastToStudent(
  classId: string,
  teacher: KafkaConnection,
  student: KafkaConnection,
  whileWatching: () => Promise<void> = async () => undefined,
): Promise<ReceivedFrame[]> {
  const broadcaster = createBroadcaster({ connection: teacher, classId });
  await broadcaster.start();
  const received: ReceivedFrame[] = [];
  const groupId = studentGroupId(classId, loginName(student) ?? 'student');
  const subscription = createSubscription({ connection: student, classId, groupId, startAt: 'live', onFrame: (frame) => void received.push(frame) });
  try {
    await subscription.start();
    await broadcaster.send(testKeyFrame(0));
    await waitFor(() => received.length >= 1, 15_000, 'the frame at the student');
    await whileWatching();
    return received;
  } finally {
    await subscription.stop();
    await broadcaster.stop();
  }
}
