/**
 * A student who joins a running lesson: how long from joining to the first picture it paints.
 * A browser student through the gateway (the first frame that is not catching up), and a Kafka
 * student as `classcast watch` runs it (a Subscription at startAt 'live', a group of its own).
 */
import { createSubscription } from '@classcast/kafka';
import { studentGroupId } from '@classcast/protocol';
import { epochMs } from '../clock.js';
import { joinAsWsStudent } from '../ws-student.js';

/** A late joiner that sees nothing within this long is reported as such, not waited for. */
const GIVE_UP_MS = 20_000;

/** ms from opening the socket to the first painted frame; Infinity when none came in time. */
export function browserLateJoin(gatewayUrl: string, classId: string, student: string): Promise<number> {
  const joinedAt = epochMs();
  return new Promise((resolve) => {
    const done = (ms: number) => {
      clearTimeout(timer);
      socket.close();
      resolve(ms);
    };
    const timer = setTimeout(() => done(Infinity), GIVE_UP_MS);
    const socket = joinAsWsStudent(gatewayUrl, classId, student, {
      onFrame: ({ frame }, arrivedAt) => void (frame.catchingUp || done(arrivedAt - joinedAt)),
      onError: () => undefined,
    });
  });
}

/** ms from starting the Subscription (connect, group join, live seek) to its first painted frame. */
export async function kafkaLateJoin(brokers: string[], classId: string, student: string, rack?: string): Promise<number> {
  const joinedAt = epochMs();
  let painted: (ms: number) => void = () => undefined;
  const firstPicture = new Promise<number>((resolve) => (painted = resolve));
  const subscription = createSubscription({
    connection: { brokers, ...(rack === undefined ? {} : { rack }) },
    classId,
    groupId: studentGroupId(classId, student),
    startAt: 'live',
    onFrame: ({ catchingUp }) => void (catchingUp || painted(epochMs() - joinedAt)),
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await subscription.start();
    return await Promise.race([firstPicture, new Promise<number>((resolve) => (timer = setTimeout(() => resolve(Infinity), GIVE_UP_MS)))]);
  } finally {
    clearTimeout(timer);
    await subscription.stop();
  }
}
