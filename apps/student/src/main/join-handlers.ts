/**
 * IPC glue for joining, leaving and moving in the lesson (control): parses the request, opens a MessageChannelMain, hands one end
 * to the window and runs a DesktopStudent on the other. One session per window: joining again,
 * closing the window or reloading the page (its port closes) leaves the previous class.
 */
import { MessageChannelMain, type MessagePortMain } from 'electron';
import { ClasscastError, parseControlMessage } from '@classcast/protocol';
import { stringField, type TrustedIpc } from '@classcast/desktop';
import type { KafkaConnection } from '@classcast/kafka';
import { IPC, type FeedPortNotice, type FeedReply, type InvokeContract, type JoinRequest } from '../shared/ipc-channels.js';
import { joinClass, type FeedPort, type DesktopStudent } from './desktop-student-feed.js';

export function setupJoinHandlers(ipc: TrustedIpc<InvokeContract>, connection: () => KafkaConnection): void {
  const sessions = new Map<number, DesktopStudent>();
  const watched = new Set<number>();
  let feeds = 0;

  async function leave(windowId: number, only?: DesktopStudent): Promise<void> {
    const session = sessions.get(windowId);
    if (!session || (only && session !== only)) return;
    sessions.delete(windowId);
    await session.leave();
  }

  ipc.handle(IPC.join, parseJoinRequest, async ({ classId, student }, { sender }) => {
    const windowId = sender.id;
    await leave(windowId);
    if (!watched.has(windowId)) {
      watched.add(windowId);
      sender.once('destroyed', () => void leave(windowId));
    }
    const { port1, port2 } = new MessageChannelMain();
    let session: DesktopStudent;
    try {
      session = joinClass({ connection: connection(), classId, student, port: feedPortOf(port1) });
    } catch (error) {
      port1.close();
      if (error instanceof ClasscastError) return { ok: false, code: error.code, message: error.message };
      throw error;
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
    async (_request, { sender }) => leave(sender.id),
  );
  // The same checks as the gateway's socket: a seek, a speed of 0/1/2/4, or live; nothing else.
  ipc.handle(
    IPC.control,
    (payload) => parseControlMessage(JSON.stringify(payload ?? null)),
    (message, { sender }) => sessions.get(sender.id)?.control(message),
  );
}

function parseJoinRequest(payload: unknown): JoinRequest {
  return { classId: stringField(payload, 'classId', IPC.join), student: stringField(payload, 'student', IPC.join) };
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
