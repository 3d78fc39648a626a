/**
 * A student's screen to the class, as every viewer path sees it, against the real test broker:
 * the desktop student's own feed and a gateway's fan-out switch to the accepted student's stream
 * on the shared-screens topic, a late joiner gets the screen shown now, and a take-back gives the
 * class the teacher's screen again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  createBroadcaster,
  createKafkaClient,
  createShareGrantAgent,
  createSharedScreenWriter,
  decideShare,
  type Broadcaster,
  type KafkaConnection,
  type ReceivedFrame,
  type ShareGrantAgent,
} from '@classcast/kafka';
import { testKeyFrame, uniqueClassId } from '@classcast/kafka/testing';
import { shareDecisionTopic } from '@classcast/protocol';
import { startSecuredClassroom, type SecuredClassroom } from '../../../test-support/secured-classroom.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { createClassFanOut, type ClassFanOut } from './class-fan-out.js';
import { replayAsSeen } from './shared-screen-replay.js';
import { createStudentFeed, type StudentFeed } from './student-feed.js';

const connection = { brokers: inject('kafkaBrokers') };
const running: Array<StudentFeed | Broadcaster | ClassFanOut | ShareGrantAgent> = [];
afterEach(async () => {
  for (const part of running.splice(0).reverse()) await ('stop' in part ? part.stop() : part.close());
});

async function produceRaw(topic: string, values: string[]): Promise<void> {
  const producer = createKafkaClient(connection).producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value) => ({ value })) });
  await producer.disconnect();
}

function watch(classId: string, student: string, fanOut?: ClassFanOut, login: KafkaConnection = connection) {
  const frames: ReceivedFrame[] = [];
  const lines: string[] = [];
  const feed = createStudentFeed({
    connection: login,
    classId,
    student,
    ...(fanOut ? { fanOut } : {}),
    deliver: (received) => void frames.push(received),
    onStatus: () => undefined,
    onSkipped: () => undefined,
    tell: () => undefined,
    onFailed: (failure) => {
      throw failure;
    },
    discardPending: () => undefined,
    isBackedUp: () => false,
    log: (line) => void lines.push(line),
  });
  running.push(feed);
  /** The stream of the newest painted frame. */
  const onScreen = () => frames.filter((received) => !received.catchingUp).at(-1)?.frame.streamId;
  return { feed, frames, lines, onScreen };
}

test("every viewer switches to the accepted student's screen, a late joiner gets it at once, and a take-back brings the teacher's back", async () => {
  const classId = uniqueClassId('shared');
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  running.push(teacher);
  await teacher.send(testKeyFrame(0));

  const fanOut = createClassFanOut({ connection, lingerMs: 200, log: () => undefined });
  running.push(fanOut);
  const desktop = watch(classId, 'ada');
  const browser = watch(classId, 'cy', fanOut);
  await waitFor(() => desktop.onScreen() === 'screen-0' && browser.onScreen() === 'screen-0', 30_000, "the teacher's screen on both viewers");

  // The teacher accepts Bea (the open classroom has no ACLs: no agent needed to let her write).
  await decideShare({ connection, classId, student: 'bea', decision: 'accept' });
  // Garbage on the decisions topic (any producer of an open cluster can write there) is skipped with its reason.
  await produceRaw(shareDecisionTopic(classId), ['{"v":1,"type":"accept","student":"../../etc"}', 'not json']);
  const bea = createSharedScreenWriter({ connection, classId, student: 'bea' });
  await bea.start();
  running.push(bea);
  const beaStarted = Date.now();
  await bea.send(testKeyFrame(0));
  await waitFor(() => desktop.onScreen() === 'student-bea' && browser.onScreen() === 'student-bea', 30_000, "Bea's screen on both viewers");
  expect(desktop.frames.at(-1)?.sharedBy).toBe('bea');
  expect(desktop.lines).toContainEqual(expect.stringMatching(/^skipped a share decision \(2 so far\): share decision is not UTF-8 JSON/));

  // The teacher goes on meanwhile; the class does not see it while Bea holds the screen.
  await teacher.send(testKeyFrame(1));
  await bea.send(testKeyFrame(1));
  await waitFor(
    () => browser.frames.some((received) => received.frame.streamId === 'student-bea' && received.frame.sequence === 1),
    20_000,
    "Bea's next picture",
  );
  expect(browser.onScreen()).toBe('student-bea');

  const late = watch(classId, 'dan', fanOut);
  await waitFor(() => late.onScreen() === 'student-bea', 30_000, "Bea's screen for a late joiner");
  expect(late.frames.some((received) => received.frame.streamId === 'screen-0' && !received.catchingUp)).toBe(false);

  await decideShare({ connection, classId, student: 'bea', decision: 'take-back' });
  for (const viewer of [desktop, browser, late]) await waitFor(() => viewer.onScreen() === 'screen-0', 20_000, "the teacher's screen after the take-back");
  // The teacher's newest picture, not the one from before the share.
  expect(browser.frames.at(-1)?.frame.sequence).toBe(1);
  expect(desktop.frames.at(-1)?.frame.sequence).toBe(1);

  // Back in the lesson with the timeline: the replay shows Bea's screen where the class saw it.
  for (const viewer of [desktop, browser]) {
    const before = viewer.frames.length;
    viewer.feed.control({ type: 'seek', time: beaStarted });
    await waitFor(() => viewer.frames.slice(before).some((received) => received.sharedBy === 'bea'), 20_000, "Bea's screen in the replay");
  }
});

describe("a student's screen on a secured cluster", () => {
  const PASSWORDS = { admin: 'admin-secret', turing: 'turing-secret', ada: 'ada-secret', bob: 'bob-secret', cy: 'cy-secret' } as const;
  let classroom: SecuredClassroom<'turing' | 'ada' | 'bob' | 'cy'>;
  const math = uniqueClassId('math');

  beforeAll(async () => {
    classroom = await startSecuredClassroom<'turing' | 'ada' | 'bob' | 'cy'>(PASSWORDS);
    await classroom.access.grantTeacher(math, 'turing');
    await classroom.access.grantStudent(math, 'ada');
    await classroom.access.grantStudent(math, 'bob');
    await classroom.access.grantStudent(math, 'cy');
  }, 180_000);
  afterAll(async () => {
    for (const part of running.splice(0).reverse()) await ('stop' in part ? part.stop() : part.close());
    await classroom?.stop();
  });

  test("students watching with their own logins see the accepted student's screen, and the teacher's again after the take-back", async () => {
    await classroom.broadcastTestFrames(math, 'turing');
    const agent = createShareGrantAgent({ adminConnection: classroom.login('admin'), classId: math, intervalMs: 200, log: () => undefined });
    await agent.start();
    running.push(agent);
    const fanOut = createClassFanOut({ connection: { brokers: classroom.cluster.bootstrapServers }, log: () => undefined });
    running.push(fanOut);
    const desktop = watch(math, 'bob', undefined, classroom.login('bob'));
    const browser = watch(math, 'cy', fanOut, classroom.login('cy'));
    await waitFor(() => desktop.onScreen() === 'screen-0' && browser.onScreen() === 'screen-0', 30_000, "the teacher's screen");

    await decideShare({ connection: classroom.login('turing'), classId: math, student: 'ada', decision: 'accept' });
    const ada = createSharedScreenWriter({ connection: classroom.login('ada'), classId: math, student: 'ada' });
    await ada.start();
    running.push(ada);
    // The agent's grant reaches the broker within moments: Ada's first writes may still be refused.
    await waitFor(
      async () =>
        await ada.send(testKeyFrame(ada.nextSequence)).then(
          () => true,
          () => false,
        ),
      20_000,
      "Ada's first written picture",
    );
    await waitFor(() => desktop.onScreen() === 'student-ada' && browser.onScreen() === 'student-ada', 30_000, "Ada's screen at Bob's and Cy's viewers");

    await decideShare({ connection: classroom.login('turing'), classId: math, student: 'ada', decision: 'take-back' });
    for (const viewer of [desktop, browser]) await waitFor(() => viewer.onScreen() === 'screen-0', 20_000, "the teacher's screen after the take-back");
  });
});

test('a replay shows the lesson as the class saw it: the student’s screen between the accept and the take-back, in capture order, paced or not', async () => {
  const classId = uniqueClassId('shared-replay');
  const teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  running.push(teacher);
  const bea = createSharedScreenWriter({ connection, classId, student: 'bea' });
  // Apart enough that a replay at 2x keeps the order by pacing alone (unpaced, it merges by capture time).
  const tick = () => new Promise((resolve) => setTimeout(resolve, 150));
  const from = Date.now() - 1;
  await teacher.send(testKeyFrame(0));
  await tick();
  await decideShare({ connection, classId, student: 'bea', decision: 'accept' });
  await bea.start();
  running.push(bea);
  await tick();
  await bea.send(testKeyFrame(0));
  await tick();
  await teacher.send(testKeyFrame(1)); // the teacher goes on while Bea's screen is shown
  await tick();
  await bea.send(testKeyFrame(1));
  await tick();
  await decideShare({ connection, classId, student: 'bea', decision: 'take-back' });
  await tick();
  await bea.send(testKeyFrame(2)); // Bea had not yet heard of the take-back
  await tick();
  await teacher.send(testKeyFrame(2));

  const expected = ['screen-0:0', 'student-bea:0', 'student-bea:1', 'screen-0:1', 'screen-0:2'];
  for (const speed of [undefined, 2]) {
    const shown: string[] = [];
    await replayAsSeen({
      connection,
      classId,
      from: { time: from },
      ...(speed ? { speed } : {}),
      log: () => undefined,
      onFrame: ({ frame, catchingUp }) => void (catchingUp || shown.push(`${frame.streamId}:${frame.sequence}`)),
    });
    // Back to the teacher at the take-back: its newest picture (1), then what follows.
    expect(shown, `speed ${speed ?? 'unpaced'}`).toEqual(expected);
  }
});
