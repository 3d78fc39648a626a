/**
 * A student's screen to the class on a real secured broker: the broker, not the student's client,
 * refuses the student's frames until the teacher accepts and after the teacher takes them back.
 */
import { describe, expect, test } from 'vitest';
import { decodeFrame, sharedScreenTopic, type Frame } from '@classcast/protocol';
import { createClusterClient } from './cluster-client.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { readToEnd } from './read-to-end.js';
import { useSecuredKafka } from './secure-test-helpers.js';
import { createShareGrantAgent, createSharedScreenWriter, decideShare, offerScreen, openOffers, readShareDecisions, readShareOffers } from './share.js';
import { testKeyFrame, uniqueClassId } from './testing.js';
import { waitFor } from '../../../test-support/wait-for.js';

/** Every frame on the class's shared-screens topic, read group-less. */
async function sharedFrames(connection: KafkaConnection, classId: string): Promise<Frame[]> {
  const admin = createKafkaClient(connection).admin();
  const cluster = createClusterClient(connection);
  const frames: Frame[] = [];
  try {
    await admin.connect();
    await readToEnd(admin, cluster, sharedScreenTopic(classId), { maxWaitMs: 0, maxBytesPerPartition: 1 << 20, maxBytes: 1 << 22 }, (_, message) =>
      frames.push(decodeFrame({ key: message.key, value: message.value, headers: message.headers as Record<string, Buffer> })),
    );
    return frames;
  } finally {
    await cluster.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/** Tries `write` until it is refused or accepted as `want` says (ACLs reach the broker through its metadata log). */
async function until(want: 'refused' | 'written', write: () => Promise<unknown>, timeoutMs = 15_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await write().then(
      () => undefined,
      (error: unknown) => error ?? new Error('refused'),
    );
    if ((want === 'refused') === (outcome !== undefined)) return outcome;
    if (Date.now() > deadline) throw new Error(`the write was not ${want} within ${timeoutMs} ms: ${String(outcome)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("a student's screen to the class, enforced by a secured broker", () => {
  const math = uniqueClassId('math');
  const art = uniqueClassId('art');
  const secured = useSecuredKafka({ [math]: { teacher: 'teacher', students: ['ada'] }, [art]: { students: ['bob'] } });

  test('refused before the accept, written after it, refused again after the take-back', async () => {
    const lines: string[] = [];
    const agent = createShareGrantAgent({ adminConnection: secured.login('admin'), classId: math, intervalMs: 200, log: (line) => lines.push(line) });
    await agent.start();
    const screen = createSharedScreenWriter({ connection: secured.login('ada'), classId: math, student: 'ada' });
    await screen.start();
    try {
      await expect(screen.send(testKeyFrame(0))).rejects.toMatchObject({
        code: 'CC_NOT_AUTHORIZED',
        message: expect.stringContaining('TOPIC_AUTHORIZATION_FAILED'),
      });

      await offerScreen({ connection: secured.login('ada'), classId: math, student: 'ada' });
      const offers = await readShareOffers(secured.login('teacher'), math);
      expect(openOffers(offers.messages, (await readShareDecisions(secured.login('teacher'), math)).messages)).toEqual(['ada']);

      await decideShare({ connection: secured.login('teacher'), classId: math, student: 'ada', decision: 'accept' });
      await until('written', () => screen.send(testKeyFrame(1)));
      // The broker may apply the grant a moment before the agent's round has noted it.
      await waitFor(() => agent.holder === 'ada', 5000, 'the agent to note the holder');
      const frames = await sharedFrames(secured.login('teacher'), math);
      expect(frames.map((frame) => [frame.streamId, frame.sequence])).toEqual([['student-ada', 1]]);
      // The students of the class see it too.
      expect((await sharedFrames(secured.login('ada'), math)).length).toBe(1);

      await decideShare({ connection: secured.login('teacher'), classId: math, student: 'ada', decision: 'take-back' });
      const refused = await until('refused', () => screen.send(testKeyFrame(2)));
      expect(refused).toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
      expect(agent.holder).toBeUndefined();
      expect(lines).toEqual([
        `share ${math}: gave ada WRITE on ${sharedScreenTopic(math)}`,
        `share ${math}: took WRITE on ${sharedScreenTopic(math)} from ada`,
      ]);
    } finally {
      await screen.stop();
      await agent.stop();
    }
  });

  test('a restarted agent takes back a grant whose decision it missed, and a student cannot decide', async () => {
    const lines: string[] = [];
    const agent = createShareGrantAgent({ adminConnection: secured.login('admin'), classId: math, log: (line) => lines.push(line) });
    await agent.start();
    await agent.stop();
    await decideShare({ connection: secured.login('teacher'), classId: math, student: 'ada', decision: 'accept' });
    const again = createShareGrantAgent({ adminConnection: secured.login('admin'), classId: math, log: (line) => lines.push(line) });
    await again.start();
    await again.stop();
    expect(again.holder).toBe('ada');
    // The agent is down while the teacher takes back; its next start still revokes.
    await decideShare({ connection: secured.login('teacher'), classId: math, student: 'ada', decision: 'take-back' });
    const third = createShareGrantAgent({ adminConnection: secured.login('admin'), classId: math, log: (line) => lines.push(line) });
    await third.start();
    expect(await third.reconcile()).toBeUndefined();
    await third.stop();
    expect(lines.filter((line) => line.includes('ada'))).toEqual([
      `share ${math}: gave ada WRITE on ${sharedScreenTopic(math)}`,
      `share ${math}: took WRITE on ${sharedScreenTopic(math)} from ada`,
    ]);

    await expect(decideShare({ connection: secured.login('ada'), classId: math, student: 'ada', decision: 'accept' })).rejects.toMatchObject({
      code: 'CC_NOT_AUTHORIZED',
    });
    expect((await readShareDecisions(secured.login('teacher'), math)).messages.at(-1)).toEqual({ type: 'take-back', student: 'ada' });
  });

  test("the agent grants nobody outside the class, even on a teacher's accept", async () => {
    const lines: string[] = [];
    const agent = createShareGrantAgent({ adminConnection: secured.login('admin'), classId: math, log: (line) => lines.push(line) });
    await agent.start();
    try {
      await decideShare({ connection: secured.login('teacher'), classId: math, student: 'bob', decision: 'accept' });
      expect(await agent.reconcile()).toBeUndefined();
      expect(lines).toEqual([`share ${math}: bob is no student of the class: the accept is not granted`]);
      const screen = createSharedScreenWriter({ connection: secured.login('bob'), classId: math, student: 'bob' });
      await screen.start();
      await expect(screen.send(testKeyFrame(0))).rejects.toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
      await screen.stop();
    } finally {
      await decideShare({ connection: secured.login('teacher'), classId: math, student: 'bob', decision: 'take-back' });
      await agent.stop();
    }
  });

  test('a student of another class cannot offer its screen here', async () => {
    await expect(offerScreen({ connection: secured.login('bob'), classId: math, student: 'bob' })).rejects.toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
    expect((await readShareOffers(secured.login('teacher'), math)).messages.map((offer) => offer.student)).not.toContain('bob');
  });
});
