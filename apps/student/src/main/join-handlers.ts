/**
 * IPC glue for the login method, joining, leaving and moving in the lesson (control): parses the
 * request, has the student admitted (desktop-student-feed.ts: on a setup with logins the broker
 * checks their password and class first), opens a MessageChannelMain, hands one end to the window
 * and runs a DesktopStudent on the other. One session per window: joining again, closing the
 * window or reloading the page (its port closes) leaves the previous class. The teacher's "eyes
 * on me" puts the student's window in full screen.
 */
import { BrowserWindow, MessageChannelMain, type MessagePortMain } from 'electron';
import { ClasscastError, parseControlMessage } from '@classcast/protocol';
import { loginMethodOf, optionalPassword, stringField, type DesktopLogin, type TrustedIpc } from '@classcast/desktop';
import type { KafkaConnection } from '@classcast/kafka';
import { IPC, type FeedPortNotice, type FeedReply, type InvokeContract, type JoinRequest } from '../shared/ipc-channels.js';
import { admitStudent, type FeedPort, type DesktopStudent } from './desktop-student-feed.js';

export interface JoinDependencies {
  connection(): KafkaConnection;
  login: DesktopLogin;
}

export function setupJoinHandlers(ipc: TrustedIpc<InvokeContract>, deps: JoinDependencies): void {
  const sessions = new Map<number, DesktopStudent>();
  const watched = new Set<number>();
  // The newest join or leave of each window: a join still waiting for the broker's answer when
  // another join or a leave comes must not start a session nobody watches.
  const newest = new Map<number, number>();
  let requests = 0;
  let feeds = 0;

  async function leave(windowId: number, only?: DesktopStudent): Promise<void> {
    const session = sessions.get(windowId);
    if (!session || (only && session !== only)) return;
    sessions.delete(windowId);
    await session.leave();
  }
  function supersede(windowId: number): number {
    newest.set(windowId, (requests += 1));
    return requests;
  }

  ipc.handle(
    IPC.loginMethod,
    () => undefined,
    () => loginMethodOf(deps.login),
  );
  ipc.handle(IPC.join, parseJoinRequest, async (join, { sender }) => {
    const windowId = sender.id;
    const request = supersede(windowId);
    await leave(windowId);
    if (!watched.has(windowId)) {
      watched.add(windowId);
      sender.once('destroyed', () => {
        supersede(windowId);
        void leave(windowId);
      });
    }
    let port1: MessagePortMain | undefined;
    let port2: MessagePortMain | undefined;
    let session: DesktopStudent;
    try {
      session = await admitStudent({
        appConnection: deps.connection(),
        login: deps.login,
        join,
        // "Eyes on me": the window goes full screen by itself (the viewer only says why).
        onEyesOnMe: () => BrowserWindow.fromWebContents(sender)?.setFullScreen(true),
        openPort: () => {
          ({ port1, port2 } = new MessageChannelMain());
          return feedPortOf(port1);
        },
      });
    } catch (error) {
      port1?.close();
      if (error instanceof ClasscastError) return { ok: false, code: error.code, message: error.message };
      throw error;
    }
    if (newest.get(windowId) !== request || !port1 || !port2) {
      await session.leave();
      return { ok: false, code: 'CC_JOIN_FAILED', message: 'this join was replaced by a newer join or by leaving' };
    }
    sessions.set(windowId, session);
    port1.once('close', () => void leave(windowId, session));
    feeds += 1;
    const notice: FeedPortNotice = { feedId: feeds };
    sender.postMessage(IPC.feedPort, notice, [port2]);
    return { ok: true, feedId: feeds };
  });
  ipc.handle(
    IPC.leave,
    () => undefined,
    async (_request, { sender }) => {
      supersede(sender.id);
      await leave(sender.id);
    },
  );
  // The same checks as the gateway's socket: a seek, a speed of 0/1/2/4, or live; nothing else.
  ipc.handle(
    IPC.control,
    (payload) => parseControlMessage(JSON.stringify(payload ?? null)),
    (message, { sender }) => sessions.get(sender.id)?.control(message),
  );
}

function parseJoinRequest(payload: unknown): JoinRequest {
  const request: JoinRequest = { classId: stringField(payload, 'classId', IPC.join), student: stringField(payload, 'student', IPC.join) };
  const password = optionalPassword(payload, 'password', IPC.join);
  return password === undefined ? request : { ...request, password };
}

function feedPortOf(port: MessagePortMain): FeedPort {
  port.start();
  return {
    post: (message) => port.postMessage(message),
    onReply(listener) {
      port.on('message', ({ data }) => {
        if ((data as Partial<FeedReply> | null)?.type === 'ack') listener({ type: 'ack' });
      });
    },
    close: () => port.close(),
  };
}
