/**
 * The teacher console's socket against a real broker, without a browser (e2e/src/teacher-console
 * runs the page in Chromium): the console uploads pictures and their changes, the gateway
 * broadcasts them with the teacher stream, a browser student gets them pixel for pixel. On a
 * secured cluster the teacher's own login decides which class it may broadcast to.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { createPictureCompositor } from '@classcast/codec';
import { createShareGrantAgent, offerScreen, readAnnotationBoards, readShareHolder } from '@classcast/kafka';
import { createWebSocketTeacherApi } from '@classcast/ui';
import { TEACHER_SOCKET_PATH, type Annotation } from '@classcast/protocol';
import { startSecuredClassroom, type SecuredClassroom } from '../../../test-support/secured-classroom.js';
import { waitFor } from '../../../test-support/wait-for.js';
import { createGateway, type Gateway } from './gateway.js';
import { createPasswordGateway, joinGateway, openTeacherConsole, uniqueClassId, type RecordingClient, type TestTeacherConsole } from './test-helpers.js';

const WIDTH = 320;
const HEIGHT = 180;

/** Screen-like content: a light page with dark "lines of text" and a coloured box at `boxX`. */
function screen(boxX: number): Uint8Array {
  const pixels = new Uint8Array(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y += 1) {
    for (let x = 0; x < WIDTH; x += 1) {
      const text = y % 12 < 7 && x % 9 < 6 && (x * 7 + y) % 5 !== 0;
      const box = x >= boxX && x < boxX + 40 && y >= 100 && y < 140;
      const [r, g, b] = box ? [200, 40, 40] : text ? [30, 30, 30] : [245, 245, 240];
      pixels.set([r, g, b, 255], (y * WIDTH + x) * 4);
    }
  }
  return pixels;
}

/** The student's picture now, composed from the frames it was sent. */
async function studentPicture(student: RecordingClient): Promise<Uint8Array | undefined> {
  const compositor = createPictureCompositor();
  let picture: Awaited<ReturnType<typeof compositor.apply>>;
  for (const frame of student.frames) picture = await compositor.apply(frame);
  if (!picture) return undefined;
  return new Uint8Array(picture.data.buffer, picture.data.byteOffset, picture.data.byteLength);
}

const sameAs = (expected: Uint8Array) => async (student: RecordingClient) => {
  const picture = await studentPicture(student);
  return picture !== undefined && Buffer.compare(picture, expected) === 0;
};

describe('the teacher console on the open classroom', () => {
  let gateway: Gateway;
  const open: Array<{ socket: { terminate(): void } }> = [];
  beforeAll(async () => {
    gateway = await createGateway({ connection: { brokers: inject('kafkaBrokers') }, port: 0, host: '127.0.0.1' });
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.socket.terminate();
  });
  afterAll(async () => gateway?.close());

  async function teacherOf(classId: string): Promise<TestTeacherConsole> {
    const teacher = await openTeacherConsole(gateway.url);
    open.push(teacher);
    teacher.send({ type: 'start', classId, fps: 10, quality: 75 });
    await teacher.reply('started');
    return teacher;
  }

  test('pictures and their changes reach a student exactly, and only the changed tiles travel', async () => {
    const classId = uniqueClassId('console');
    const teacher = await teacherOf(classId);
    const first = screen(20);
    const whole = await teacher.upload(first, WIDTH, HEIGHT);
    expect(whole.ok).toBe(true);
    const student = await joinGateway(gateway.url, classId, 'ada');
    open.push(student);
    await waitFor(() => sameAs(first)(student), 20_000, 'the first picture, exact, at the student');

    // The box moves: two tiles' worth of it travel, deflated.
    const second = screen(200);
    const change = await teacher.upload(second, WIDTH, HEIGHT);
    expect(change.ok).toBe(true);
    expect(change.bytes).toBeLessThan(whole.bytes);
    await waitFor(() => sameAs(second)(student), 20_000, 'the changed picture, exact, at the student');
    // Nothing changed: a few bytes, and the student stays on the picture.
    expect((await teacher.upload(second, WIDTH, HEIGHT)).bytes).toBeLessThan(40);

    const status = await teacher.reply('status');
    expect(['live', 'starting']).toContain(status.state);
    expect(gateway.teacherConsoles()).toEqual([expect.objectContaining({ classId, state: 'live' })]);

    // Closing the console ends the broadcast: the student is told, not left on a stalled screen.
    teacher.socket.close();
    await waitFor(() => student.statuses().includes('ended'), 20_000, 'the student to hear the lesson ended');
  });

  test('a bad upload is refused with a reason and the console goes on; a second console for the class is refused', async () => {
    const classId = uniqueClassId('console');
    const teacher = await teacherOf(classId);
    teacher.socket.send(Buffer.from('not a picture upload at all'));
    expect(await teacher.reply('taken')).toEqual({ type: 'taken', ok: false });
    expect(await teacher.reply('error')).toMatchObject({ code: 'CC_GATEWAY_BAD_REQUEST', message: expect.stringMatching(/not a frame upload/) });
    expect((await teacher.upload(screen(60), WIDTH, HEIGHT)).ok).toBe(true);

    // Paused, the console's pictures are not wanted (the next one then travels whole); resumed, they are.
    teacher.send({ type: 'pause' });
    await waitFor(() => teacher.replies.some((reply) => reply.type === 'status' && reply.state === 'paused'), 10_000, 'the paused status');
    expect((await teacher.upload(screen(90), WIDTH, HEIGHT)).ok).toBe(false);
    teacher.send({ type: 'resume' });
    await waitFor(() => teacher.replies.at(-1)?.type === 'status' && (teacher.replies.at(-1) as { state: string }).state === 'live', 10_000, 'the live status');
    expect((await teacher.upload(screen(90), WIDTH, HEIGHT)).ok).toBe(true);

    teacher.send({ type: 'update', fps: 500 });
    expect(await teacher.reply('error')).toMatchObject({ message: 'fps must be a whole number from 1 to 60' });

    const second = await openTeacherConsole(gateway.url);
    open.push(second);
    second.send({ type: 'start', classId, fps: 10, quality: 75 });
    expect(await second.reply('start-failed')).toMatchObject({ code: 'CC_ALREADY_BROADCASTING' });

    second.send({ type: 'announce', id: 7, classId, text: 'Page 12, please' });
    expect(await second.reply('done')).toEqual({ type: 'done', id: 7, ok: true });
    second.send({ type: 'eyes-on-me', id: 8, classId });
    expect(await second.reply('done')).toEqual({ type: 'done', id: 8, ok: true });

    // The pen: a mark lands on the class's annotation topic; a bad one and an oversized command are refused.
    const stroke: Annotation = { type: 'stroke', id: 's1', tool: 'pen', color: '#e53935', width: 0.01, points: [0.1, 0.1, 0.9, 0.9] };
    second.send({ type: 'annotate', id: 9, classId, annotation: stroke });
    expect(await second.reply('done')).toEqual({ type: 'done', id: 9, ok: true });
    const { boards } = await readAnnotationBoards({ brokers: inject('kafkaBrokers') }, classId);
    expect([...boards.get('screen-0')!.strokes.keys()]).toEqual(['s1']);
    second.send({ type: 'annotate', id: 10, classId, annotation: { ...stroke, width: 0.5 } });
    expect(await second.reply('error')).toMatchObject({ message: expect.stringMatching(/width/) });
    second.socket.send(JSON.stringify({ type: 'annotate', id: 11, classId, annotation: { ...stroke, points: Array.from({ length: 100_000 }, () => 0.5) } }));
    expect(await second.reply('error')).toMatchObject({ code: 'CC_GATEWAY_MESSAGE_TOO_BIG' });
  });
});

describe('the teacher console on a secured cluster', () => {
  const PASSWORDS = { admin: 'admin-secret', turing: 'turing-secret', ada: 'ada-secret' } as const;
  let classroom: SecuredClassroom<'admin' | 'turing' | 'ada'>;
  let gateway: Gateway;
  const math = uniqueClassId('math');
  const art = uniqueClassId('art');
  const open: TestTeacherConsole[] = [];

  beforeAll(async () => {
    classroom = await startSecuredClassroom<'admin' | 'turing' | 'ada'>(PASSWORDS);
    await classroom.access.grantTeacher(math, 'turing');
    await classroom.access.grantStudent(math, 'ada');
    gateway = await createPasswordGateway(classroom.cluster.bootstrapServers);
  }, 180_000);
  afterAll(async () => {
    for (const teacher of open) teacher.socket.terminate();
    await gateway?.close();
    await classroom?.stop();
  });

  async function start(classId: string, login: { username?: string; password?: string }) {
    const teacher = await openTeacherConsole(gateway.url);
    open.push(teacher);
    teacher.send({ type: 'start', classId, fps: 10, quality: 75, ...login });
    return Promise.race([teacher.reply('started'), teacher.reply('start-failed')]);
  }

  test('the broker decides who broadcasts where: its own class yes, another class, a wrong password or no login no', async () => {
    const page = await fetch(new URL('/teach/login.json', gateway.url));
    expect(await page.json()).toEqual({ method: 'password' });

    expect(await start(math, {})).toMatchObject({ type: 'start-failed', code: 'CC_GATEWAY_LOGIN_REQUIRED' });
    expect(await start(math, { username: 'turing', password: 'wrong-password' })).toMatchObject({ type: 'start-failed', code: 'CC_AUTH_FAILED' });
    expect(await start(art, { username: 'turing', password: PASSWORDS.turing })).toMatchObject({ type: 'start-failed', code: 'CC_NOT_AUTHORIZED' });
    // A student may watch math, not broadcast to it.
    expect(await start(math, { username: 'ada', password: PASSWORDS.ada })).toMatchObject({ type: 'start-failed', code: 'CC_NOT_AUTHORIZED' });
    expect(await start(math, { username: 'turing', password: PASSWORDS.turing })).toEqual({ type: 'started' });
    const teacher = open.at(-1)!;
    expect((await teacher.upload(screen(10), WIDTH, HEIGHT)).ok).toBe(true);
  });

  test("students' screens: the console lists a student's offer, accepts it and takes it back, with the teacher's own login", async () => {
    // The admin's agent creates the share topics (a student cannot) and grants the accepted student.
    const agent = createShareGrantAgent({ adminConnection: classroom.login('admin'), classId: math, intervalMs: 200, log: () => undefined });
    await agent.start();
    const api = createWebSocketTeacherApi({ url: new URL(TEACHER_SOCKET_PATH, gateway.url).href.replace(/^http/, 'ws') });
    const turing = { kind: 'password' as const, username: 'turing', password: PASSWORDS.turing };
    const ada = { kind: 'password' as const, username: 'ada', password: PASSWORDS.ada };
    try {
      expect(await api.shareState!(math, turing)).toEqual({ ok: true, offers: [] });
      await offerScreen({ connection: classroom.login('ada'), classId: math, student: 'ada' });
      expect(await api.shareState!(math, turing)).toEqual({ ok: true, offers: ['ada'] });

      // A student may not decide, not even on its own screen: the broker refuses its login.
      expect(await api.decideShare!(math, 'ada', 'accept', ada)).toMatchObject({ ok: false, message: expect.stringMatching(/may not/) });
      expect(await api.decideShare!(math, 'ada', 'accept', turing)).toEqual({ ok: true });
      expect(await readShareHolder(classroom.login('turing'), math)).toBe('ada');
      expect(await api.shareState!(math, turing)).toEqual({ ok: true, offers: [], holder: 'ada' });
      await waitFor(async () => (await agent.reconcile()) === 'ada', 10_000, 'the agent grants ada');

      expect(await api.decideShare!(math, 'ada', 'take-back', turing)).toEqual({ ok: true });
      expect(await readShareHolder(classroom.login('turing'), math)).toBeUndefined();
      expect(await api.shareState!(math, turing)).toEqual({ ok: true, offers: [] });
      // No login on a gateway with logins: refused with the reason, as a start is.
      expect(await api.shareState!(math)).toMatchObject({ ok: false, message: expect.stringMatching(/needs your Kafka login/) });
    } finally {
      await agent.stop();
    }
  }, 60_000);
});
