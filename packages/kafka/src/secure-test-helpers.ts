/** Helpers for the tests against a secured broker (not part of the public entry). */
import { startKafka, type KafkaCluster, type TlsMaterial } from '@classcast/broker';
import { studentGroupId } from '@classcast/protocol';
import { createBroadcaster } from './broadcaster.js';
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
