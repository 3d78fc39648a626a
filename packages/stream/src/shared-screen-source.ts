/**
 * Feeds a ScreenSwitch (screen-switch.ts) what it needs beside the class topic: who holds the
 * screen (the teacher's decisions, followShareHolder) and, while somebody does, the frames of the
 * shared-screens topic, read live from the newest keyframe by a Subscription in a throw-away
 * replay group (every student of the class may use those, class-acls.ts). Nobody holding the
 * screen costs one long-polling fetch of a tiny topic, no consumer.
 *
 * `read` again with another login (a gateway's new carrier) starts both anew with it: nobody's
 * login is used after they left.
 */
import { randomUUID } from 'node:crypto';
import { pause, replayGroupId, sharedScreenTopic } from '@classcast/protocol';
import {
  createSubscription,
  describeKafkaError,
  followShareHolder,
  type KafkaConnection,
  type Subscription,
  type TimedShareDecision,
  type TopicTail,
} from '@classcast/kafka';
import type { ScreenSwitch } from './screen-switch.js';

/** A shared-screens reader that could not start is tried again after this long, while somebody holds the screen. */
const RETRY_MS = 2000;

export interface SharedScreenSource {
  read(connection: KafkaConnection): void;
  /** The decisions read so far, with their times: what a replay needs to know who held the screen when, without asking Kafka at each seek. */
  timeline(): readonly TimedShareDecision[];
  stop(): Promise<void>;
}

export function createSharedScreenSource(classId: string, screen: ScreenSwitch, say: (line: string) => void): SharedScreenSource {
  let connection: KafkaConnection | undefined;
  let tail: TopicTail | undefined;
  let reader: Subscription | undefined;
  let holder: string | undefined;
  const stopping = new AbortController();
  let skipped = 0;
  let decisions: TimedShareDecision[] = [];

  function startReader(): void {
    if (reader !== undefined || connection === undefined || stopping.signal.aborted) return;
    const mine = createSubscription({
      connection,
      classId,
      topic: sharedScreenTopic(classId),
      groupId: replayGroupId(classId, `shared-${randomUUID().slice(0, 8)}`),
      startAt: 'live',
      onFrame: (received) => {
        if (reader === mine) screen.sharedFrame(received);
      },
      onSkipped: ({ error }) => say(`skipped a message of the shared screen (${++skipped} so far): ${error.message}`),
    });
    reader = mine;
    mine.start().catch(async (error: unknown) => {
      if (reader !== mine) return;
      reader = undefined;
      const why = connection ? describeKafkaError(error, connection.brokers).message : String(error);
      say(`the shared screen cannot be read: ${why}`);
      await mine.stop().catch(() => undefined);
      if ((await pause(RETRY_MS, stopping.signal)) && holder !== undefined) startReader();
    });
  }

  function stopReader(): void {
    const old = reader;
    reader = undefined;
    void old?.stop().catch(() => undefined);
  }

  return {
    read(next) {
      connection = next;
      void tail?.stop();
      stopReader();
      if (stopping.signal.aborted) return;
      // The new tail reads the decisions from the start again.
      const read: TimedShareDecision[] = [];
      decisions = read;
      tail = followShareHolder({
        connection: next,
        classId,
        onDecision: (decision) => void read.push(decision),
        onHolder(student) {
          holder = student;
          screen.holder(student);
          if (student === undefined) stopReader();
          else startReader();
        },
        onSkipped: ({ total, reason }) => say(`skipped a share decision (${total} so far): ${reason}`),
        onFailed: (failure) => say(`students' shared screens unavailable: ${failure.message}`),
      });
    },
    timeline: () => decisions,
    async stop() {
      stopping.abort();
      const old = reader;
      reader = undefined;
      await Promise.all([tail?.stop(), old?.stop().catch(() => undefined)]);
    },
  };
}
