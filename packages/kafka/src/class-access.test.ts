/**
 * Authentication and ACLs enforced by a real secured broker (SCRAM-SHA-256, StandardAuthorizer,
 * nothing allowed without an ACL): who may broadcast, read and join which group.
 */
import { describe, expect, inject, test } from 'vitest';
import { frameTopic, pause, studentGroupId } from '@classcast/protocol';
import { announce, announceEyesOnMe, createAnnouncementReader } from './announcements.js';
import { createAnnotationWriter, readAnnotationBoards } from './annotations.js';
import { checkClassAccess } from './access-check.js';
import { createBroadcaster } from './broadcaster.js';
import { createClassAccess } from './class-access.js';
import { createKafkaClient } from './connection.js';
import { describeKafkaError } from './errors.js';
import { broadcastToStudent, useSecuredKafka } from './secure-test-helpers.js';
import { describeSecurityError } from './security-errors.js';
import { createSubscription } from './subscription.js';
import { testKeyFrame, uniqueClassId } from './testing.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { listStudents } from './watchers.js';

describe('a secured broker enforces who may do what in a class', () => {
  const math = uniqueClassId('math');
  const art = uniqueClassId('art');
  const secured = useSecuredKafka({ [math]: { teacher: 'teacher', students: ['ada', 'bob'] }, [art]: { students: ['bob'] } });

  test('the teacher broadcasts (creating the class topic) and a granted student receives; the teacher sees who watches', async () => {
    let watchers: string[] = [];
    const received = await broadcastToStudent(math, secured.login('teacher'), secured.login('ada'), async () => {
      watchers = (await listStudents({ connection: secured.login('teacher'), classId: math })).map((w) => w.student);
    });
    expect(received.map((r) => r.frame.sequence)).toEqual([0]);
    expect(watchers).toEqual(['ada']);
  });

  test("a student's credentials cannot broadcast to the class", async () => {
    // A class whose topic exists but is empty: start() then goes straight to the producer.
    const quiet = uniqueClassId('quiet');
    await secured.access.grantTeacher(quiet, 'teacher');
    await secured.access.grantStudent(quiet, 'ada');
    const teacher = createBroadcaster({ connection: secured.login('teacher'), classId: quiet });
    await teacher.start();
    await teacher.stop();

    const asAda = createBroadcaster({ connection: secured.login('ada'), classId: quiet });
    // The idempotent producer asks for a producer id first, which needs WRITE on some topic: a
    // student has it on the class's share offers (KIP-679), so the broker refuses the frames themselves.
    await asAda.start();
    await expect(asAda.send(testKeyFrame(1))).rejects.toMatchObject({
      code: 'CC_NOT_AUTHORIZED',
      message: expect.stringContaining('TOPIC_AUTHORIZATION_FAILED'),
    });
    await asAda.stop();
    const withoutIdempotence = createBroadcaster({ connection: secured.login('ada'), classId: quiet, acks: 1 });
    await withoutIdempotence.start();
    await expect(withoutIdempotence.send(testKeyFrame(1))).rejects.toMatchObject({
      code: 'CC_NOT_AUTHORIZED',
      message: expect.stringContaining('TOPIC_AUTHORIZATION_FAILED'),
    });
    await withoutIdempotence.stop();
  });

  test('a teacher cannot create or broadcast to a class it does not teach', async () => {
    const elsewhere = createBroadcaster({ connection: secured.login('teacher'), classId: art });
    const refused: unknown = await elsewhere.start().then(
      () => undefined,
      (error: unknown) => error,
    );
    await elsewhere.stop();
    // Kafka answers CreateTopics per topic (TOPIC_AUTHORIZATION_FAILED inside an aggregate error).
    expect(describeSecurityError(refused, secured.brokers)).toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
  });

  test('a student cannot read another class', async () => {
    const ada = secured.login('ada');
    await expect(checkClassAccess(ada, { classId: art })).rejects.toMatchObject({
      code: 'CC_NOT_AUTHORIZED',
      message: `Kafka says user ada may not read class ${art} (topic classcast.${art}.frames)`,
    });
    // Below our API too: the broker refuses the topic to a plain consumer.
    const consumer = createKafkaClient(ada).consumer({ groupId: studentGroupId(art, 'ada') });
    await consumer.connect();
    const refused = await consumer.subscribe({ topic: frameTopic(art) }).then(
      () => undefined,
      (error: unknown) => error,
    );
    await consumer.disconnect();
    expect(describeKafkaError(refused, secured.brokers).code).toBe('CC_NOT_AUTHORIZED');
    // Kafka hides the topic from ada, so the subscription never sees a class to read.
    const subscription = createSubscription({
      connection: ada,
      classId: art,
      groupId: studentGroupId(art, 'ada'),
      startAt: 'live',
      waitForTopicMs: 500,
      onFrame: () => undefined,
    });
    await expect(subscription.start()).rejects.toHaveProperty('code');
  });

  test("a student cannot use another student's consumer group, only its own", async () => {
    const ada = secured.login('ada');
    await expect(checkClassAccess(ada, { classId: math, groupId: studentGroupId(math, 'bob') })).rejects.toMatchObject({
      code: 'CC_NOT_AUTHORIZED',
      message: `Kafka says user ada may not use consumer group ${studentGroupId(math, 'bob')}`,
    });
    await expect(checkClassAccess(ada, { classId: math, groupId: studentGroupId(math, 'ada') })).resolves.toBeUndefined();
  });

  test('the teacher announces to the class and its students read it; a student of another class sees nothing, and may not announce nor ask for eyes on me', async () => {
    await announce({ connection: secured.login('teacher'), classId: math, text: 'Pens down' });
    await announce({ connection: secured.login('admin'), classId: art, text: 'Art only: bring brushes' });
    const heard = { ada: [] as string[], other: [] as string[] };
    const ada = createAnnouncementReader({
      connection: secured.login('ada'),
      classId: math,
      readerId: 'ada',
      onAnnouncement: ({ text }) => heard.ada.push(text),
    });
    // ada is not in art: Kafka hides art's announcement topic from her, so this reader only waits.
    const outsider = createAnnouncementReader({ connection: secured.login('ada'), classId: art, onAnnouncement: ({ text }) => heard.other.push(text) });
    const outsiderStarted = outsider.start();
    try {
      await ada.start();
      await waitFor(() => heard.ada.length === 1, 15_000, "ada's announcement");
      expect(heard.ada).toEqual(['Pens down']);
      await expect(announce({ connection: secured.login('ada'), classId: math, text: 'no homework!' })).rejects.toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
      // Nor pull the class back to live: "eyes on me" is the teacher's.
      await expect(announceEyesOnMe({ connection: secured.login('ada'), classId: math })).rejects.toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
      await pause(3000);
      expect(heard.other).toEqual([]);
      expect(heard.ada).toEqual(['Pens down']);
    } finally {
      await Promise.all([ada.stop(), outsider.stop()]);
      await outsiderStarted.catch(() => undefined);
    }
  });

  test("the teacher draws on the class's board and its students see it; a student may not draw, nor see another class's board", async () => {
    const pen = createAnnotationWriter({ connection: secured.login('teacher'), classId: math });
    await pen.start();
    try {
      await pen.draw('screen-0', { type: 'stroke', id: 'circle', tool: 'pen', color: '#1e88e5', width: 0.005, points: [0.4, 0.4, 0.6, 0.6] });
    } finally {
      await pen.stop();
    }
    const { boards } = await readAnnotationBoards(secured.login('ada'), math);
    expect([...boards.get('screen-0')!.strokes.keys()]).toEqual(['circle']);

    const prank = createAnnotationWriter({ connection: secured.login('ada'), classId: math });
    await prank.start();
    try {
      await expect(prank.draw('screen-0', { type: 'clear' })).rejects.toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
    } finally {
      await prank.stop();
    }
    expect([...(await readAnnotationBoards(secured.login('bob'), math)).boards.get('screen-0')!.strokes.keys()]).toEqual(['circle']);
    await secured.access.grantTeacher(art, 'teacher');
    const artPen = createAnnotationWriter({ connection: secured.login('teacher'), classId: art });
    await artPen.start();
    await artPen.draw('screen-0', { type: 'pointer', x: 0.5, y: 0.5 }).finally(() => artPen.stop());
    // Kafka hides a topic a user may not describe: ada sees no board of art at all.
    expect((await readAnnotationBoards(secured.login('ada'), art)).boards.size).toBe(0);
    expect((await readAnnotationBoards(secured.login('teacher'), art)).boards.get('screen-0')?.pointer).toEqual({ x: 0.5, y: 0.5 });
  });

  test('a wrong password is one clear line', async () => {
    const wrong = { ...secured.login('ada'), sasl: { mechanism: 'scram-sha-256' as const, username: 'ada', password: 'not-her-password' } };
    const error: unknown = await createBroadcaster({ connection: wrong, classId: math })
      .start()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'CC_AUTH_FAILED',
      message: `Kafka at ${secured.brokers[0]} refused the credentials: check the user name and password`,
    });
    expect((error as Error).message).not.toContain('\n');
  });

  test('only an admin may grant; revoking takes the access away; listAccess names the roles', async () => {
    const asAda = await createClassAccess(secured.login('ada'));
    await expect(asAda.grantTeacher(math, 'ada')).rejects.toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
    await asAda.close();

    expect(await secured.access.listAccess(math)).toEqual([
      { user: 'ada', roles: ['student'], other: [] },
      { user: 'bob', roles: ['student'], other: [] },
      { user: 'teacher', roles: ['teacher'], other: [] },
    ]);
    await secured.access.revokeStudent(math, 'bob');
    expect((await secured.access.listAccess(math)).map((entry) => entry.user)).toEqual(['ada', 'teacher']);
    await expect(checkClassAccess(secured.login('bob'), { classId: math })).rejects.toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
    // bob's other class is untouched.
    await expect(checkClassAccess(secured.login('bob'), { classId: art, groupId: studentGroupId(art, 'bob') })).resolves.toBeUndefined();
  });
});

test('on a broker without an authorizer, access commands say ACLs are off in one line', async () => {
  const open = await createClassAccess({ brokers: inject('kafkaBrokers') });
  try {
    await expect(open.listAccess('any')).rejects.toMatchObject({ code: 'CC_ACLS_DISABLED' });
  } finally {
    await open.close();
  }
});
