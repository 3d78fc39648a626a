/**
 * The teacher app's main process on a secured cluster (SCRAM logins, ACLs) started by this file,
 * with the app's settings CLASSCAST_LOGIN=password: what the start and announce handlers run —
 * the request parsed as IPC delivers it, the teacher's own connection (connectionWithLogin), the
 * broadcast or announcement — in Node against the broker. The broker decides which class a
 * teacher may broadcast to, and its refusals are one line for the panel, without the password.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testPatternFrame } from '@classcast/capture';
import { connectionWithLogin, desktopLoginFromEnv, type Credentials } from '@classcast/desktop';
import { announce, createSubscription, type KafkaConnection, type ReceivedFrame } from '@classcast/kafka';
import { studentGroupId } from '@classcast/protocol';
import { startSecuredClassroom, type SecuredClassroom } from '../../../../test-support/secured-classroom.js';
import { waitFor } from '../../../../test-support/wait-for.js';
import type { TeacherStatus } from '../shared/ipc-channels.js';
import { parseAnnouncementRequest } from './announce-handlers.js';
import { parseBroadcastRequest } from './broadcast-request.js';
import { startTeacherBroadcast, type TeacherBroadcast } from '@classcast/stream/teacher';

const PASSWORDS = { admin: 'admin-secret', turing: 'turing-secret-3', bob: 'bob-secret-5', ada: 'ada-secret' } as const;
const WRONG = 'not-turings-password-8';

describe("the teacher app broadcasts with the teacher's own login on a secured cluster", () => {
  let classroom: SecuredClassroom<keyof typeof PASSWORDS>;
  const cleanup: Array<() => Promise<void>> = [];
  const math = `math-${Date.now()}`;
  const art = `art-${Date.now()}`;
  const appLogin = desktopLoginFromEnv({ CLASSCAST_LOGIN: 'password' });
  const teacherConnection = (credentials?: Credentials): KafkaConnection => {
    const appConnection: KafkaConnection = { brokers: classroom.cluster.bootstrapServers };
    return connectionWithLogin(appConnection, appLogin, credentials);
  };
  const as = (username: string, password: string): Credentials => ({ kind: 'password', username, password });

  beforeAll(async () => {
    classroom = await startSecuredClassroom(PASSWORDS);
    await classroom.access.grantTeacher(math, 'turing');
    await classroom.access.grantTeacher(art, 'bob');
    await classroom.access.grantStudent(math, 'ada');
  }, 120_000);
  afterAll(async () => {
    await Promise.all(cleanup.splice(0).map((step) => step()));
    await classroom?.stop();
  });

  /** What the start handler runs for an IPC payload. */
  async function start(payload: unknown, statuses: TeacherStatus[] = []): Promise<TeacherBroadcast> {
    const request = parseBroadcastRequest(payload);
    const broadcast = await startTeacherBroadcast({
      connection: teacherConnection(request.credentials),
      classId: request.classId,
      fps: request.fps,
      quality: request.quality,
      onStatus: (status) => void statuses.push(status),
    });
    cleanup.push(() => broadcast.stop());
    return broadcast;
  }

  /** A refused start: its error, and the panel's last status (idle, with that one line). */
  async function refusedStart(credentials: Credentials, classId = math): Promise<{ code: string; message: string; lastError?: string }> {
    const statuses: TeacherStatus[] = [];
    const error = (await start({ classId, fps: 5, quality: 60, credentials }, statuses).then(
      () => undefined,
      (failure: unknown) => failure,
    )) as { code: string; message: string } | undefined;
    if (!error) throw new Error(`the broker let ${credentials.username} broadcast to ${classId}`);
    expect(statuses.at(-1)?.state).toBe('idle');
    return { code: error.code, message: error.message, lastError: statuses.at(-1)?.stats.lastError };
  }

  test('turing, the teacher of math, broadcasts to it with his own login, and ada (her own) receives it', async () => {
    const broadcast = await start({ classId: math, fps: 10, quality: 70, credentials: as('turing', PASSWORDS.turing) });
    const received: ReceivedFrame[] = [];
    const ada = createSubscription({
      connection: classroom.login('ada'),
      classId: math,
      groupId: studentGroupId(math, 'ada'),
      startAt: 'live',
      onFrame: (frame) => void received.push(frame),
    });
    await ada.start();
    cleanup.push(() => ada.stop());
    const pusher = setInterval(() => broadcast.push(testPatternFrame(received.length, 160, 90, Date.now())), 50);
    cleanup.push(async () => clearInterval(pusher));
    await waitFor(() => received.some((r) => r.frame.kind === 'key'), 20_000, "turing's keyframe at ada");
    expect(broadcast.state).toBe('live');
    await broadcast.stop();
  });

  test('a wrong password is refused by Kafka: CC_AUTH_FAILED, one line in the panel, without the password', async () => {
    const refused = await refusedStart(as('turing', WRONG));
    expect(refused.code).toBe('CC_AUTH_FAILED');
    expect(refused.lastError).toBe(refused.message);
    expect(refused.message).not.toMatch(/\n/);
    expect(refused.message).not.toContain(WRONG);
  });

  test('bob, the teacher of art, may not broadcast to math: CC_NOT_AUTHORIZED from the broker, one line', async () => {
    const refused = await refusedStart(as('bob', PASSWORDS.bob));
    expect(refused).toMatchObject({ code: 'CC_NOT_AUTHORIZED', message: expect.stringMatching(/may not/) });
    expect(refused.lastError).toBe(refused.message);
    expect(refused.message).not.toMatch(/\n/);
  });

  test('a start without a login is refused before Kafka is asked', async () => {
    await expect(start({ classId: math, fps: 5, quality: 60 })).rejects.toMatchObject({
      code: 'CC_IPC_BAD_REQUEST',
      message: expect.stringMatching(/log in with your name and password first/),
    });
  });

  test("announcements go with the teacher's login too: turing's to math is written, bob's is refused", async () => {
    const send = (credentials: Credentials) => {
      const request = parseAnnouncementRequest({ classId: math, text: 'Quiz in 5 minutes', credentials });
      return announce({ connection: teacherConnection(request.credentials), classId: request.classId, text: request.text });
    };
    await expect(send(as('turing', PASSWORDS.turing))).resolves.not.toThrow();
    await expect(send(as('bob', PASSWORDS.bob))).rejects.toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
  });
});
