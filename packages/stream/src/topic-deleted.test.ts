/**
 * An admin deletes the class topic while the teacher broadcasts and students watch, on the real
 * broker. The teacher is told once, the topic comes back, the first frame on it is a keyframe,
 * and every student goes reconnecting → live and composes the right pictures again.
 */
import { afterEach, expect, inject, test } from 'vitest';
import { createPictureCompositor } from '@classcast/codec';
import { halfChangingSource } from '@classcast/codec/testing';
import { ClasscastError, studentGroupId, type Frame } from '@classcast/protocol';
import { createBroadcaster, type Broadcaster, createClassAdmin, createSubscription, type Subscription, type SubscriptionStatus } from '@classcast/kafka';
import { uniqueClassId } from '@classcast/kafka/testing';
import { createTeacherStream } from './teacher-stream.js';
import { waitFor } from '../../../test-support/wait-for.js';

const connection = { brokers: inject('kafkaBrokers') };
const running: Array<Broadcaster | Subscription> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => part.stop()));
});

/** The tile size of halfChangingSource: the right tile is the one that changes. */
const TILE = 64;

interface Student {
  subscription: Subscription;
  frames: Array<Frame & { at: number; rightLevel?: number }>;
  statuses: SubscriptionStatus[];
  skipped: number;
}

async function startStudent(classId: string, name: string): Promise<Student> {
  const compositor = createPictureCompositor();
  const student: Student = { frames: [], statuses: [], skipped: 0 } as unknown as Student;
  student.subscription = createSubscription({
    connection,
    classId,
    groupId: studentGroupId(classId, name),
    startAt: 'live',
    async onFrame({ frame }) {
      const picture = await compositor.apply(frame);
      // The middle of the right tile, red channel.
      const rightLevel = picture ? picture.data[((TILE / 2) * 2 * TILE + TILE + TILE / 2) * 4] : undefined;
      student.frames.push({ ...frame, at: Date.now(), ...(frame.kind === 'key' || frame.kind === 'delta' ? { rightLevel } : {}) });
    },
    onSkipped: () => void (student.skipped += 1),
    onStatus: (status) => void student.statuses.push(status),
  });
  await student.subscription.start();
  running.push(student.subscription);
  return student;
}

test('a class topic deleted mid-lesson: one clear line for the teacher, the topic comes back, students reconnect and draw the right pictures', async () => {
  const classId = uniqueClassId('deleted');
  const broadcaster = createBroadcaster({ connection, classId });
  await broadcaster.start();
  running.push(broadcaster);
  const students = [await startStudent(classId, 'ada'), await startStudent(classId, 'bob')];
  const source = halfChangingSource();
  const errors: ClasscastError[] = [];
  const sentKinds: Array<{ kind: string; sequence: number; offset: string }> = [];
  const session = createTeacherStream({
    source,
    broadcaster,
    fps: 10,
    tileDeltas: true,
    onError: (error) => void errors.push(error),
    onSent: (sent) => void sentKinds.push({ kind: sent.kind, sequence: sent.sequence, offset: sent.offset }),
  });
  const done = session.start();
  await waitFor(() => students.every((s) => s.frames.filter((f) => f.kind === 'delta').length >= 10), 30_000, 'deltas before the deletion');

  const admin = await createClassAdmin(connection);
  await admin.delete(classId);
  const deletedAt = Date.now();
  await waitFor(() => errors.length > 0, 60_000, 'the teacher to be told');
  await waitFor(
    () => students.every((s) => s.frames.filter((f) => f.at > deletedAt && f.kind === 'delta').length >= 15),
    90_000,
    'pictures on the recreated topic',
  );
  const recoveredMs = Math.max(...students.map((s) => s.frames.find((f) => f.at > deletedAt)!.at - deletedAt));
  console.log(`topic deleted: teacher told "${errors[0]?.message}"; students drew again after ${recoveredMs} ms`);
  await session.stop();
  await done;
  await admin.close();

  // One clear line, naming the topic; the broadcast went on.
  expect(errors.map((e) => e.code)).toEqual(['CC_CLASS_TOPIC_DELETED']);
  expect(errors[0]!.message).toMatch(new RegExp(`class topic classcast\\.${classId}\\.frames was deleted`));
  // The first frame written to the new topic (offset 0) is a keyframe, so students can draw at once.
  const firstOnNewTopic = sentKinds.filter((sent) => sent.offset === '0').at(-1)!;
  expect(firstOnNewTopic.kind).toBe('key');
  expect(firstOnNewTopic.sequence).toBeGreaterThan(0); // the sequence went on

  for (const student of students) {
    await waitFor(() => student.frames.at(-1)?.kind === 'end', 30_000, 'the end frame');
    const pictures = student.frames.filter((f) => f.kind === 'key' || f.kind === 'delta');
    // Every picture drawn was the one captured: nothing painted onto a stale picture.
    for (const picture of pictures)
      expect(Math.abs(picture.rightLevel! - source.levels.get(picture.captureTime)!), `sequence ${picture.sequence}`).toBeLessThanOrEqual(8);
    const sequences = student.frames.map((f) => f.sequence);
    expect(sequences).toEqual([...new Set(sequences)].sort((a, b) => a - b));
    expect(student.statuses).toContain('reconnecting');
    expect(student.statuses.slice(student.statuses.indexOf('reconnecting'))).toContain('live');
    expect(student.skipped).toBe(0);
  }
}, 180_000);
