/**
 * One teacher console on the gateway (/teach/ws): the page captures and uploads what changed
 * (frame-upload.ts); this session rebuilds the picture and runs the broadcast with the teacher
 * stream, as the Electron teacher app's main process does (startTeacherBroadcast). Commands and
 * replies are teacher-messages.ts.
 *
 * Who may broadcast is the broker's decision: on a gateway with logins the console's start
 * carries the teacher's own Kafka login and the broadcast connects with it, so a teacher without
 * WRITE on the class topic gets the broker's refusal, one line in the panel. The gateway holds no
 * login that could broadcast. The open classroom asks for none, as `classcast teach` does not.
 */
import type { RawData, WebSocket } from 'ws';
import {
  announce,
  announceEyesOnMe,
  createTeacherPen,
  decideShare,
  describeKafkaError,
  loginName,
  readShareState,
  type KafkaConnection,
} from '@classcast/kafka';
import { ClasscastError, escapeControlCharacters, parseTeacherCommand, type TeacherCommand, type TeacherLogin, type TeacherReply } from '@classcast/protocol';
import { startTeacherBroadcast, type TeacherBroadcast } from '@classcast/stream/teacher';
import { principalOf } from './oidc-sign-in.js';
import type { StudentLogin } from './student-login.js';
import { byteLengthOf, createUploadReceiver, takeUpload, toBytes } from './upload-receiver.js';
import { WebError } from './web-errors.js';

export interface TeacherSocketOptions {
  socket: WebSocket;
  /** The gateway's connection; with logins it holds no SASL, and the teacher's own is added. */
  connection: KafkaConnection;
  login: StudentLogin;
  /** Classes broadcast through this gateway now, one console each. */
  broadcasting: Set<string>;
  address: string;
  log(line: string): void;
}

export interface TeacherSocket {
  /** Ends the broadcast (the students get the end frame) and closes the socket. */
  close(reason: string): Promise<void>;
  info(): { address: string; classId?: string; state: string; uploads: number; uploadBytes: number };
}

export function createTeacherSocket(options: TeacherSocketOptions): TeacherSocket {
  const { socket } = options;
  const log = (line: string) => options.log(escapeControlCharacters(line));
  let broadcast: TeacherBroadcast | undefined;
  let classId: string | undefined;
  /** The class this console holds in `broadcasting`, given back once its broadcast ends. */
  let claimed: string | undefined;
  const picture = createUploadReceiver();
  let closing: Promise<void> | undefined;
  let starting = false;
  const figures = { uploads: 0, uploadBytes: 0 };
  const pen = createTeacherPen();

  socket.on('message', (data, isBinary) => {
    if (closing) return;
    if (isBinary) return upload(data);
    // Commands are small (a pen stroke is at most 64 KB): a bigger text is refused before parsing.
    if (byteLengthOf(data) > MAX_COMMAND_BYTES) {
      return send({ type: 'error', code: 'CC_GATEWAY_MESSAGE_TOO_BIG', message: `a command of more than ${MAX_COMMAND_BYTES} bytes` });
    }
    let command: TeacherCommand;
    try {
      command = parseTeacherCommand(String(data));
    } catch (error) {
      const refused = error as ClasscastError;
      return send({ type: 'error', code: refused.code ?? 'CC_GATEWAY_BAD_REQUEST', message: refused.message });
    }
    handle(command).catch((error: unknown) => {
      const failure = describeKafkaError(error, options.connection.brokers);
      send({ type: 'error', code: failure.code, message: failure.message });
    });
  });
  socket.on('close', () => void close('the teacher console left'));
  socket.on('error', () => void close('socket error'));

  async function handle(command: TeacherCommand): Promise<void> {
    switch (command.type) {
      case 'start':
        return start(command);
      case 'pause':
        return broadcast?.pause();
      case 'resume':
        return broadcast?.resume();
      case 'stop':
        return stopBroadcast();
      case 'update':
        return broadcast?.update(command);
      case 'announce':
      case 'eyes-on-me':
      case 'annotate':
      case 'share-state':
      case 'share-decision':
        try {
          const options = { connection: teacherConnection(command), classId: command.classId };
          if (command.type === 'share-state')
            return send({ type: 'share-state', id: command.id, ...(await readShareState(options.connection, options.classId)) });
          if (command.type === 'annotate')
            await pen.draw({ ...options, login: loginName(options.connection) ?? '', connection: () => options.connection }, command.annotation);
          else if (command.type === 'share-decision') await decideShare({ ...options, student: command.student, decision: command.decision });
          else await (command.type === 'announce' ? announce({ ...options, text: command.text }) : announceEyesOnMe(options));
          return send({ type: 'done', id: command.id, ok: true });
        } catch (error) {
          const failure = error instanceof ClasscastError ? error : describeKafkaError(error, options.connection.brokers);
          return send({ type: 'done', id: command.id, ok: false, message: failure.message });
        }
    }
  }

  async function start(command: Extract<TeacherCommand, { type: 'start' }>): Promise<void> {
    if (starting || (broadcast && broadcast.state !== 'stopped')) {
      return send({ type: 'start-failed', code: 'CC_ALREADY_BROADCASTING', message: 'this console is already broadcasting: stop it first' });
    }
    if (options.broadcasting.has(command.classId)) {
      return send({
        type: 'start-failed',
        code: 'CC_ALREADY_BROADCASTING',
        message: `class ${command.classId} is already being broadcast from another teacher console on this server`,
      });
    }
    starting = true;
    options.broadcasting.add(command.classId);
    claimed = classId = command.classId;
    picture.reset();
    try {
      const broadcastConnection = teacherConnection(command);
      broadcast = await startTeacherBroadcast({
        connection: broadcastConnection,
        classId: command.classId,
        fps: command.fps,
        quality: command.quality,
        sourceName: 'teacher console',
        onStatus: (status) => send({ type: 'status', ...status }),
      });
      const teacher = loginName(broadcastConnection);
      log(`teacher console at ${options.address} broadcasts ${command.classId}${teacher ? ` as ${teacher}` : ''}`);
      send({ type: 'started' });
      void broadcast.stopped.then(releaseClass);
    } catch (error) {
      releaseClass();
      const failure = error instanceof ClasscastError ? error : describeKafkaError(error, options.connection.brokers);
      send({ type: 'start-failed', code: failure.code, message: failure.message });
    } finally {
      starting = false;
    }
  }

  /** The broadcast's and announcements' connection: the teacher's own login on a gateway with logins. */
  function teacherConnection(login: TeacherLogin): KafkaConnection {
    const method = options.login.method;
    if (method === 'open') {
      if (login.username !== undefined || login.token !== undefined)
        throw new WebError('CC_GATEWAY_LOGIN_REQUIRED', 'this class server is an open classroom and takes no login');
      return { ...options.connection, clientId: 'classcast-web-teacher' };
    }
    if (options.login.method === 'oidc' && login.password === undefined) {
      // As for students (student-login.ts): the broker validates the token and takes the principal from it.
      const { token } = login;
      const principal = token === undefined ? undefined : principalOf(token, options.login.principalClaim);
      if (token === undefined || principal === undefined)
        throw new WebError('CC_GATEWAY_LOGIN_REQUIRED', `this class server needs you to sign in with ${options.login.provider}`);
      return { ...options.connection, clientId: 'classcast-web-teacher', sasl: { mechanism: 'oauthbearer', token: () => token, principal } };
    }
    if (login.username === undefined || login.password === undefined) {
      throw new WebError('CC_GATEWAY_LOGIN_REQUIRED', 'this class server needs your Kafka login: log in with your user name and password');
    }
    const mechanism = method === 'password' ? (options.login as { mechanism?: 'scram-sha-256' | 'scram-sha-512' }).mechanism : undefined;
    return {
      ...options.connection,
      clientId: 'classcast-web-teacher',
      sasl: { mechanism: mechanism ?? 'scram-sha-256', username: login.username, password: login.password },
    };
  }

  function upload(data: RawData): void {
    const running = broadcast;
    if (!running || running.state !== 'live') {
      // Paused, stopped or not started: the picture is not wanted, and the next is sent whole.
      picture.reset();
      return send({ type: 'taken', ok: false });
    }
    const bytes = toBytes(data);
    takeUpload(
      picture,
      bytes,
      (frame) => {
        figures.uploads += 1;
        figures.uploadBytes += bytes.length;
        return running.push(frame);
      },
      send,
    );
  }

  function releaseClass(): void {
    if (claimed !== undefined) options.broadcasting.delete(claimed);
    claimed = undefined;
  }

  async function stopBroadcast(): Promise<void> {
    const running = broadcast;
    if (running) await running.stop();
    releaseClass();
  }

  function send(reply: TeacherReply): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
  }

  function close(reason: string): Promise<void> {
    closing ??= (async () => {
      if (broadcast && broadcast.state !== 'stopped') log(`teacher console at ${options.address} left (${reason}): the broadcast of ${classId} ends`);
      await Promise.all([stopBroadcast().catch(() => undefined), pen.stop()]);
      if (socket.readyState === socket.OPEN) socket.close(1001, 'closing');
    })();
    return closing;
  }

  return {
    close,
    info: () => ({
      address: options.address,
      ...(classId === undefined ? {} : { classId }),
      state: broadcast?.state ?? 'idle',
      ...figures,
    }),
  };
}

const MAX_COMMAND_BYTES = 128 * 1024;
