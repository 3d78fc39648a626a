/**
 * A browser student's side of a class topic deleted mid-lesson, through the real gateway: the
 * student is told 'reconnecting', then gets the recreated topic's keyframe and is 'live' again,
 * and every picture it draws from there is the one the teacher captured.
 */
import { afterEach, expect, inject, test } from 'vitest';
import { createPictureCompositor } from '@classcast/codec';
import { halfChangingSource } from '@classcast/codec/testing';
import { createBroadcaster, createClassAdmin } from '@classcast/kafka';
import { createTeacherStream } from '@classcast/stream/teacher';
import { createGateway } from './gateway.js';
import { joinGateway, uniqueClassId } from './test-helpers.js';
import { waitFor } from '../../../test-support/wait-for.js';

const connection = { brokers: inject('kafkaBrokers') };
const cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

test('a class topic deleted mid-lesson: the browser student reconnects and draws the right pictures again', { timeout: 120_000 }, async () => {
  const classId = uniqueClassId('web-deleted');
  const broadcaster = createBroadcaster({ connection, classId });
  await broadcaster.start();
  cleanup.push(() => broadcaster.stop());
  const source = halfChangingSource();
  const teacherErrors: string[] = [];
  const session = createTeacherStream({ source, broadcaster, fps: 10, onError: (error) => void teacherErrors.push(error.code) });
  const done = session.start();
  cleanup.push(async () => {
    await session.stop();
    await done;
  });
  const gateway = await createGateway({ connection, port: 0, host: '127.0.0.1' });
  cleanup.push(() => gateway.close());
  const student = await joinGateway(gateway.url, classId, 'ada');
  cleanup.push(() => student.socket.close());
  const waitForStudent = (condition: () => boolean, what: string) => waitFor(condition, 60_000, () => `${what}; statuses ${student.statuses().join(',')}`);
  await waitForStudent(() => student.frames.filter((f) => f.kind === 'delta').length >= 10, 'deltas before the deletion');

  const admin = await createClassAdmin(connection);
  cleanup.push(() => admin.close());
  await admin.delete(classId);
  // Frames already fetched from the old topic may still arrive: count only after "live" again.
  const backToLive = () => {
    const statuses = student.statuses();
    return statuses.includes('reconnecting') && statuses.slice(statuses.indexOf('reconnecting')).includes('live');
  };
  await waitForStudent(backToLive, 'reconnecting, then live again');
  const framesBack = student.frames.length;
  await waitForStudent(() => student.frames.slice(framesBack).filter((f) => f.kind === 'delta').length >= 10, 'pictures from the recreated topic');

  expect(teacherErrors).toEqual(['CC_CLASS_TOPIC_DELETED']);
  // Everything the browser got composes into the captured pictures, across the deletion.
  const compositor = createPictureCompositor();
  for (const frame of student.frames) {
    const picture = await compositor.apply(frame);
    if (frame.catchingUp || (frame.kind !== 'key' && frame.kind !== 'delta')) continue;
    expect(Math.abs(picture!.data[(32 * 128 + 96) * 4]! - source.levels.get(frame.captureTime)!), `sequence ${frame.sequence}`).toBeLessThanOrEqual(8);
  }
});
