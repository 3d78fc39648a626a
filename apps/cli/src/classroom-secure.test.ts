/**
 * `classcast classroom --secure` (what `npm start -- --secure` runs), as a teacher would try it:
 * the printed student logins watch over HTTPS/WSS, nobody watches without one, and Ctrl-C
 * removes the password files and the certificate.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { pollUntil } from '@classcast/protocol';
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

test('the secured classroom: printed logins watch over WSS, no login gets nothing, Ctrl-C cleans up', { timeout: 120_000 }, async () => {
  run = classcast(['classroom', '--secure', '--port', '0', '--source', 'test', '--fps', '2', '--class', 'lesson', '--students', 'ada,bob']);
  await run.waitForOutput(/Press Ctrl-C/, 90_000);
  const url = /students open\s+(https:\/\/127\.0\.0\.1:\d+\/)\?class=lesson/.exec(run.stderr)?.[1];
  const caFile = /until its CA is trusted \((.+ca\.pem)\)/.exec(run.stderr)?.[1];
  const adaPassword = /^\s+ada\s+(\S{12})$/m.exec(run.stderr)?.[1];
  expect(url && caFile && adaPassword, run.stderr).toBeTruthy();
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

  // Ctrl-C: the lesson ends (exit 0, or by the signal itself) and no password or key stays behind.
  run.kill('SIGINT');
  expect([0, -1]).toContain(await run.exit);
  expect(existsSync(dirname(dirname(caFile!)))).toBe(false);
});
