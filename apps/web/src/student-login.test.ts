/**
 * The web path on a secured cluster (SCRAM + ACLs, nothing allowed without an ACL), of 1 and of 3
 * nodes: the gateway holds no Kafka login, each browser student logs in as themselves, and the
 * broker decides. The attack, an anonymous socket asking for any class under any name,
 * gets no frame; a revoked student is cut off.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listStudents } from '@classcast/kafka';
import { pause } from '@classcast/protocol';
import { startSecuredClassroom, type SecuredClassroom } from '../../../test-support/secured-classroom.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { createGateway, type Gateway } from './gateway.js';
import { createPasswordGateway, openGateway, uniqueClassId, type RecordingClient } from './test-helpers.js';

const PASSWORDS = { admin: 'admin-secret', turing: 'turing-secret', ada: 'ada-secret', bob: 'bob-secret', cleo: 'cleo-secret' } as const;
type User = Exclude<keyof typeof PASSWORDS, 'admin'>;

describe.each([1, 3] as const)('a gateway with student logins on a secured cluster of %i node(s)', (nodes) => {
  let classroom: SecuredClassroom<User>;
  let gateway: Gateway;
  const logged: string[] = [];
  const clients: RecordingClient[] = [];
  const math = uniqueClassId('math');
  const art = uniqueClassId('art');

  beforeAll(async () => {
    classroom = await startSecuredClassroom<User>(PASSWORDS, nodes);
    await classroom.access.grantTeacher(math, 'turing');
    await classroom.access.grantStudent(math, 'ada');
    await classroom.access.grantStudent(math, 'cleo');
    await classroom.access.grantStudent(art, 'bob');
    // The teacher, logged in as turing, broadcasts to math all through the tests.
    await classroom.broadcastTestFrames(math, 'turing');
    gateway = await createPasswordGateway(classroom.cluster.bootstrapServers, { loginFailuresPerAddressPerMinute: 3, log: (line) => void logged.push(line) });
  }, 180_000);

  afterAll(async () => {
    for (const client of clients) client.socket.terminate();
    await gateway?.close();
    await classroom?.stop();
  });

  async function join(classId: string, student: string, extra: Record<string, unknown> = {}): Promise<RecordingClient> {
    const client = await openGateway(gateway.url, JSON.stringify({ type: 'join', classId, student, ...extra }));
    clients.push(client);
    return client;
  }

  const errorOf = (client: RecordingClient) => client.messages.find((message) => message.type === 'error');

  test('the page is told to ask for a password', async () => {
    const response = await fetch(new URL('/login.json', gateway.url));
    expect(await response.json()).toEqual({ method: 'password' });
  });

  test('ada, a student of math, watches with her own password', async () => {
    const ada = await join(math, 'ada', { password: PASSWORDS.ada });
    await waitFor(() => ada.frames.length >= 2, 20_000, 'frames at ada').catch((error: Error) => {
      throw new Error(`${error.message}; the gateway told ada ${JSON.stringify(ada.messages)}`);
    });
    expect(gateway.sessions()).toContainEqual(expect.objectContaining({ student: 'ada', classId: math, state: 'streaming' }));
    // She shows in the class's list under her own name, through her own group.
    // The gateway commits her position to her group at her first frame, then every few seconds.
    const listed = async () => (await listStudents({ connection: classroom.login('turing'), classId: math })).map((entry) => entry.student);
    await waitFor(async () => (await listed()).includes('ada'), 10_000, 'ada in the class list');
    ada.socket.close();
    await ada.closed;
  });

  test("the issue's anonymous join, with no password, gets one clear line and no frame", async () => {
    const anyone = await join(math, 'anyone');
    expect(await anyone.closed).toBe(1008);
    expect(errorOf(anyone)).toMatchObject({ code: 'CC_GATEWAY_LOGIN_REQUIRED', message: expect.stringMatching(/needs your password/) });
    expect(anyone.frames).toHaveLength(0);
  });

  test("bob, a student of art only, asking for math gets the broker's answer and no frame", async () => {
    const bob = await join(math, 'bob', { password: PASSWORDS.bob });
    expect(await bob.closed).toBe(1008);
    expect(errorOf(bob)).toMatchObject({ code: 'CC_NOT_AUTHORIZED', message: expect.stringMatching(/Kafka says user bob may not/) });
    expect(bob.frames).toHaveLength(0);
  });

  test("a name that is not the login's own is refused by the broker: ada's password does not watch as someone else", async () => {
    const impostor = await join(math, 'mallory', { password: PASSWORDS.ada });
    expect(await impostor.closed).toBe(1008);
    expect(errorOf(impostor)?.code).toBe('CC_AUTH_FAILED');
    expect(impostor.frames).toHaveLength(0);
  });

  test("the class's one reader reads with a watching student's login: when that student leaves, another's takes over, no frame lost or repeated", async () => {
    const ada = await join(math, 'ada', { password: PASSWORDS.ada });
    await waitFor(() => ada.frames.length >= 2, 20_000, 'frames at ada');
    const cleo = await join(math, 'cleo', { password: PASSWORDS.cleo });
    await waitFor(() => cleo.frames.filter((frame) => !frame.catchingUp).length >= 2, 20_000, 'frames at cleo');
    const before = logged.length;
    ada.socket.close();
    await ada.closed;
    await waitFor(
      () => logged.slice(before).some((line) => line.includes(`class ${math}: the reader now reads as cleo`)),
      10_000,
      'the reader reading as cleo',
    );
    const handedOverAt = cleo.frames.length;
    await waitFor(() => cleo.frames.length >= handedOverAt + 8, 20_000, 'frames at cleo after the handover');
    // By Kafka offset (the test teacher's ticker may send one sequence twice when a send is slow).
    const live = cleo.frames.filter((frame) => !frame.catchingUp).map((frame) => Number(frame.offset));
    expect(
      live.slice(1).every((offset, i) => offset === live[i]! + 1),
      `cleo's offsets ${live.join(',')}`,
    ).toBe(true);
    expect(gateway.fanOut()).toMatchObject({ readers: 1, seats: 1 });
    cleo.socket.close();
    await cleo.closed;
    // Nobody watches: the reader stops, keeping no one's login.
    await waitFor(() => gateway.fanOut().readers === 0, 10_000, 'the reader to stop');
  });

  test('a revoked student is cut off within a few seconds of `class revoke`, with a clear line, even when paused', async () => {
    const cleo = await join(math, 'cleo', { password: PASSWORDS.cleo });
    await waitFor(() => cleo.frames.length >= 2, 20_000, 'frames at cleo');
    // Paused: the live stream fetches nothing, so only the gateway's re-check can end it.
    cleo.socket.send(JSON.stringify({ type: 'speed', speed: 0 }));
    await pause(500);
    const revokedAt = Date.now();
    await classroom.access.revokeStudent(math, 'cleo');
    expect(await cleo.closed).toBe(1008);
    expect(Date.now() - revokedAt).toBeLessThan(10_000);
    expect(errorOf(cleo)).toMatchObject({ code: 'CC_ACCESS_ENDED', message: expect.stringMatching(/^access ended: Kafka says user cleo may not/) });
    expect(gateway.sessions().filter((session) => session.student === 'cleo')).toEqual([]);
  });

  test('wrong passwords are refused by Kafka, never logged, and after a few the address must wait', async () => {
    const guesses: string[] = [];
    // One refusal was counted by the impostor test above; the limit is 3 a minute.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const guess = `guess-${attempt}-${Date.now()}`;
      guesses.push(guess);
      const client = await join(math, 'ada', { password: guess });
      await client.closed;
      expect(errorOf(client)).toMatchObject({ code: 'CC_AUTH_FAILED', message: expect.stringMatching(/refused the login of "ada"/) });
    }
    const blocked = await join(math, 'ada', { password: PASSWORDS.ada });
    expect(await blocked.closed).toBe(1013);
    expect(errorOf(blocked)).toMatchObject({ code: 'CC_GATEWAY_TOO_MANY_LOGINS' });
    expect(blocked.frames).toHaveLength(0);
    const log = logged.join('\n');
    for (const secret of [...guesses, ...Object.values(PASSWORDS)]) expect(log).not.toContain(secret);
  });
});

test('a gateway with student logins refuses to hold a Kafka login of its own', async () => {
  await expect(
    createGateway({
      connection: { brokers: ['127.0.0.1:1'], sasl: { mechanism: 'scram-sha-256', username: 'admin', password: 'x' } },
      studentLogin: { method: 'password' },
      port: 0,
    }),
  ).rejects.toMatchObject({ code: 'CC_GATEWAY_BAD_OPTIONS', message: expect.stringMatching(/takes no Kafka login of its own/) });
});
