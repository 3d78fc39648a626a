/**
 * `classcast classroom --secure` (what `npm start -- --secure` runs), as a teacher would try it:
 * the printed student logins watch over HTTPS/WSS, nobody watches without one, the student the
 * teacher accepts may put its screen on the class's shared-screens topic and no other, and Ctrl-C
 * removes the password files and the certificate.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { createSharedScreenWriter, decideShare, type KafkaConnection } from '@classcast/kafka';
import { testKeyFrame } from '@classcast/kafka/testing';
import { pollUntil } from '@classcast/protocol';
import { waitFor } from '../../../test-support/wait-for.js';
import { classcast, type Run } from './test-helpers.js';

let run: Run | undefined;
afterEach(() => run?.kill('SIGKILL'));

interface Join {
  frames: number;
  errors: Array<{ code: string; message: string }>;
  closed: Promise<number>;
}

function join(url: string, ca: string, message: object): Join {
  const socket = new WebSocket(new URL('/ws', url).href.replace(/^https/, 'wss'), { ca });
  const result: Join = { frames: 0, errors: [], closed: new Promise((resolve) => socket.once('close', resolve)) };
  socket.on('open', () => socket.send(JSON.stringify(message)));
  socket.on('message', (data: Buffer, isBinary) => {
    if (isBinary) result.frames += 1;
    else {
      const parsed = JSON.parse(data.toString()) as { type: string; code: string; message: string };
      if (parsed.type === 'error') result.errors.push(parsed);
    }
  });
  return result;
}

/** `student` puts one frame on the class's shared-screens topic with its own login: resolves once written, rejects when the broker refuses. */
async function shareOneFrame(connection: KafkaConnection, classId: string, student: string, sequence: number): Promise<unknown> {
  const screen = createSharedScreenWriter({ connection, classId, student });
  try {
    await screen.start();
    return await screen.send(testKeyFrame(sequence));
  } finally {
    await screen.stop();
  }
}

test(
  'the secured classroom: printed logins watch over WSS, no login gets nothing, the accepted student shares, Ctrl-C cleans up',
  { timeout: 120_000 },
  async () => {
    run = classcast(['classroom', '--secure', '--port', '0', '--source', 'test', '--fps', '2', '--class', 'lesson', '--students', 'ada,bob']);
    await run.waitForOutput(/Press Ctrl-C/, 90_000);
    const url = /students open\s+(https:\/\/127\.0\.0\.1:\d+\/)\?class=lesson/.exec(run.stderr)?.[1];
    const caFile = /until its CA is trusted \((.+ca\.pem)\)/.exec(run.stderr)?.[1];
    const adaPassword = /^\s+ada\s+(\S{12})$/m.exec(run.stderr)?.[1];
    const bobPassword = /^\s+bob\s+(\S{12})$/m.exec(run.stderr)?.[1];
    const kafka = /WRITE on \S+ \(Kafka at (\S+)\)/.exec(run.stderr)?.[1];
    expect(url && caFile && adaPassword && bobPassword && kafka, run.stderr).toBeTruthy();
    expect(run.stderr).not.toMatch(/anyone on this network may watch/);
    const ca = readFileSync(caFile!, 'utf8');

    const ada = join(url!, ca, { type: 'join', classId: 'lesson', student: 'ada', password: adaPassword });
    const anonymous = join(url!, ca, { type: 'join', classId: 'lesson', student: 'anyone' });
    const guess = join(url!, ca, { type: 'join', classId: 'lesson', student: 'bob', password: 'not-his-password' });
    const watched = await pollUntil(() => ada.frames >= 1, { intervalMs: 100, timeoutMs: 30_000 });
    expect(watched, `ada was told ${JSON.stringify(ada.errors)}; the classroom said:\n${run.stderr}`).toBe(true);
    await Promise.all([anonymous.closed, guess.closed]);
    expect(anonymous).toMatchObject({ frames: 0, errors: [{ code: 'CC_GATEWAY_LOGIN_REQUIRED' }] });
    expect(guess).toMatchObject({ frames: 0, errors: [{ code: 'CC_AUTH_FAILED' }] });

    // The teacher accepts ada's screen; the classroom's share agent grants her, and only her, WRITE on the shared screens.
    const login = (user: string, password: string): KafkaConnection => ({
      brokers: kafka!.split(','),
      sasl: { mechanism: 'scram-sha-256', username: user, password },
    });
    // The teacher's password is printed nowhere: the classroom keeps it in its 0600 file, beside the certificate.
    const teacherPassword = readFileSync(resolve(dirname(dirname(caFile!)), 'teacher.password'), 'utf8');
    await expect(shareOneFrame(login('ada', adaPassword!), 'lesson', 'ada', 0)).rejects.toMatchObject({ code: 'CC_NOT_AUTHORIZED' });
    await decideShare({ connection: login('teacher', teacherPassword), classId: 'lesson', student: 'ada', decision: 'accept' });
    // The grant reaches the broker a moment after the accept (the agent's next round, then the broker's metadata).
    await waitFor(
      () =>
        shareOneFrame(login('ada', adaPassword!), 'lesson', 'ada', 1).then(
          () => true,
          () => false,
        ),
      20_000,
      () => `ada's frame on the shared screens after the accept; the classroom said:\n${run!.stderr}`,
    );
    // The broker may apply the grant a moment before the agent logs it.
    await run.waitForOutput(/share lesson: gave ada WRITE on classcast\.lesson\.shared-screens/, 10_000);
    await expect(shareOneFrame(login('bob', bobPassword!), 'lesson', 'bob', 0)).rejects.toMatchObject({ code: 'CC_NOT_AUTHORIZED' });

    // Ctrl-C: the lesson ends (exit 0, or by the signal itself) and no password or key stays behind.
    run.kill('SIGINT');
    expect([0, -1]).toContain(await run.exit);
    expect(existsSync(dirname(dirname(caFile!)))).toBe(false);
  },
);
