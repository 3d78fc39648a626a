/**
 * One browser student's shared screen on the gateway (/share/ws, share-socket-messages.ts): the
 * page uploads what it captures (frame-upload.ts) and this session runs the share flow
 * (@classcast/stream's shareScreen: offer, the teacher's accept, the shared-screens topic, the
 * take-back) with a push source of the uploaded pictures, as the desktop student's main process
 * does with its desktop source.
 *
 * The student's own login decides, as for watching (student-login.ts): on a gateway with logins
 * the share carries the student's password or sign-in token and every Kafka client of the share
 * connects with it, so the broker refuses a student of another class, and writes on the
 * shared-screens topic only once the share agent granted the accepted student. One share per socket.
 */
import type { RawData, WebSocket } from 'ws';
import { describeKafkaError, type KafkaConnection } from '@classcast/kafka';
import {
  ClasscastError,
  escapeControlCharacters,
  parseShareSocketCommand,
  type ShareSocketCommand,
  type ShareSocketReply,
  type ShareSocketState,
} from '@classcast/protocol';
import { createPushSource, shareScreen, type PushSource } from '@classcast/stream/teacher';
import { studentConnection, type StudentLogin } from './student-login.js';
import { byteLengthOf, createUploadReceiver, takeUpload, toBytes } from './upload-receiver.js';

export interface ShareSocketOptions {
  socket: WebSocket;
  /** The gateway's connection; with logins it holds no SASL, and the student's own is added. */
  connection: KafkaConnection;
  login: StudentLogin;
  address: string;
  log(line: string): void;
  /** Encoding of the shared screen; defaults as `classcast share`'s. */
  fps?: number;
  quality?: number;
}

export interface ShareSocket {
  /** Withdraws or ends the share and closes the socket. */
  close(reason: string): Promise<void>;
}

interface RunningShare {
  abort: AbortController;
  source: PushSource;
  /** The newest state shareScreen reported; pictures are wanted only while 'sharing'. */
  state: ShareSocketState | undefined;
  done: Promise<void>;
}

/** Commands are a few hundred bytes (a sign-in token is the biggest part). */
const MAX_COMMAND_BYTES = 16 * 1024;

export function createShareSocket(options: ShareSocketOptions): ShareSocket {
  const { socket } = options;
  const log = (line: string) => options.log(escapeControlCharacters(line));
  const picture = createUploadReceiver();
  let share: RunningShare | undefined;
  let closing: Promise<void> | undefined;

  socket.on('message', (data, isBinary) => {
    if (closing) return;
    if (isBinary) return upload(data);
    if (byteLengthOf(data) > MAX_COMMAND_BYTES) {
      return send({ type: 'error', code: 'CC_GATEWAY_MESSAGE_TOO_BIG', message: `a share message of more than ${MAX_COMMAND_BYTES} bytes` });
    }
    let command: ShareSocketCommand;
    try {
      command = parseShareSocketCommand(String(data));
    } catch (error) {
      const refused = error as ClasscastError;
      return send({ type: 'error', code: refused.code ?? 'CC_GATEWAY_BAD_REQUEST', message: refused.message });
    }
    if (command.type === 'stop') return void share?.abort.abort();
    start(command);
  });
  socket.on('close', () => void close('the student page left'));
  socket.on('error', () => void close('socket error'));

  function start(command: Extract<ShareSocketCommand, { type: 'share' }>): void {
    if (share) return send({ type: 'error', code: 'CC_GATEWAY_BAD_REQUEST', message: 'this page already shares its screen: stop it first' });
    let connection: KafkaConnection;
    try {
      connection = { ...studentConnection(options.connection, options.login, { ...command, type: 'join' }), clientId: 'classcast-web-share' };
    } catch (error) {
      const refused = error as ClasscastError;
      return send({ type: 'share-state', state: 'failed', message: refused.message });
    }
    const source = createPushSource({ name: `${command.student}'s browser` });
    const abort = new AbortController();
    picture.reset();
    const running: RunningShare = { abort, source, state: undefined, done: Promise.resolve() };
    share = running;
    running.done = shareScreen({
      connection,
      classId: command.classId,
      student: command.student,
      source,
      fps: options.fps ?? 5,
      quality: options.quality ?? 70,
      signal: abort.signal,
      onState({ state }) {
        running.state = state;
        if (state === 'sharing') log(`${command.student} at ${options.address} shares a screen with class ${command.classId}`);
        send({ type: 'share-state', state });
      },
    })
      .then(
        () => undefined,
        (error: unknown) => {
          const failure = error instanceof ClasscastError ? error : describeKafkaError(error, connection.brokers);
          send({ type: 'share-state', state: 'failed', message: failure.message });
        },
      )
      .finally(() => {
        if (share === running) share = undefined;
      });
  }

  function upload(data: RawData): void {
    const running = share;
    if (!running || running.state !== 'sharing') {
      // Not sharing (yet, or any more): the picture is not wanted, and the next is sent whole.
      picture.reset();
      return send({ type: 'taken', ok: false });
    }
    takeUpload(
      picture,
      toBytes(data),
      (frame) => {
        running.source.push(frame);
        return true;
      },
      send,
    );
  }

  function send(reply: ShareSocketReply): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
  }

  function close(reason: string): Promise<void> {
    closing ??= (async () => {
      const running = share;
      if (running) {
        if (running.state === 'sharing') log(`a shared screen's page at ${options.address} left (${reason}): the share ends`);
        running.abort.abort();
        await running.done;
      }
      if (socket.readyState === socket.OPEN) socket.close(1001, 'closing');
    })();
    return closing;
  }

  return { close };
}
