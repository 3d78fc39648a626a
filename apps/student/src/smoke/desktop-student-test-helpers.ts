/**
 * The student renderer in Chromium with main's real code behind a stand-in preload, without the
 * Electron binary: window.classcast's verbs call into Node (page.exposeFunction) as Electron's IPC
 * would, and main's feed messages are posted on the page's port, in order, as MessagePortMain would.
 * The test gives main's side: its login method and what a join runs (admitStudent or joinClass).
 */
import type { Page } from 'playwright-core';
import { ClasscastError, type LoginMethod } from '@classcast/protocol';
import type { RendererPages } from '../../../../test-support/renderer-pages.js';
import type { DesktopStudent, FeedPort } from '../main/desktop-student-feed.js';
import type { FeedMessage, FeedPortHandOff, FeedReply, JoinRequest, JoinResult, StudentApi } from '../shared/ipc-channels.js';

export interface StandInMain {
  loginMethod?: LoginMethod;
  /** What main's join handler runs; a ClasscastError it throws is the refused join's answer, as in join-handlers.ts. */
  join(request: JoinRequest, port: FeedPort): Promise<DesktopStudent> | DesktopStudent;
}

export interface DesktopStudentPage {
  page: Page;
  errors: string[];
  /** Every join request main got (passwords included: the test checks where they went). */
  joins: JoinRequest[];
  /** What main answered each. */
  answers: JoinResult[];
  sessions: DesktopStudent[];
}

export async function openDesktopStudent(pages: RendererPages, main: StandInMain, viewport = { width: 1024, height: 720 }): Promise<DesktopStudentPage> {
  const joins: JoinRequest[] = [];
  const answers: JoinResult[] = [];
  const sessions: DesktopStudent[] = [];
  let session: DesktopStudent | undefined;
  let feeds = 0;
  let replyTo: (reply: FeedReply) => void = () => undefined;
  let posting = Promise.resolve();

  /** Main's side of the feed port: messages reach the page in order, frames as ArrayBuffers. */
  function post(page: Page, message: FeedMessage): void {
    const sent = message.type === 'frame' ? { ...message, bytes: Buffer.from(message.bytes).toString('base64') } : message;
    posting = posting
      .then(() =>
        page.evaluate((data) => {
          const port = (window as unknown as { feedPort?: MessagePort }).feedPort;
          if (data.type !== 'frame' || typeof data.bytes !== 'string') return port?.postMessage(data);
          const bytes = Uint8Array.from(atob(data.bytes), (c) => c.charCodeAt(0));
          port?.postMessage({ ...data, bytes: bytes.buffer });
        }, sent),
      )
      .catch(() => undefined);
  }

  // Exposed before the page loads: its script asks for the login method as it starts.
  async function exposeMain(page: Page): Promise<void> {
    await page.exposeFunction('mainLoginMethod', () => main.loginMethod ?? { method: 'open' });
    await page.exposeFunction('mainJoin', async (request: JoinRequest): Promise<JoinResult> => {
      joins.push(request);
      await session?.leave();
      let answer: JoinResult;
      try {
        session = await main.join(request, {
          post: (message) => post(page, message),
          onReply: (listener) => void (replyTo = listener),
          close: () => undefined,
        });
        sessions.push(session);
        answer = { ok: true, feedId: (feeds += 1) };
      } catch (error) {
        if (!(error instanceof ClasscastError)) throw error;
        answer = { ok: false, code: error.code, message: error.message };
      }
      answers.push(answer);
      return answer;
    });
    await page.exposeFunction('mainLeave', () => session?.leave());
    await page.exposeFunction('mainControl', (message: unknown) => session?.control(message as Parameters<DesktopStudent['control']>[0]));
    await page.exposeFunction('mainReply', (reply: FeedReply) => replyTo(reply));
  }

  const { page, errors } = await pages.open(
    () => {
      type Bridge = Window & {
        mainLoginMethod(): Promise<LoginMethod>;
        mainJoin(request: JoinRequest): Promise<JoinResult>;
        mainLeave(): Promise<void>;
        mainControl(message: unknown): Promise<void>;
        mainReply(reply: FeedReply): Promise<void>;
        feedPort?: MessagePort;
      };
      const bridge = window as unknown as Bridge;
      const api: StudentApi = {
        loginMethod: () => bridge.mainLoginMethod(),
        async join(request) {
          const channel = new MessageChannel();
          bridge.feedPort = channel.port1;
          channel.port1.onmessage = (event: MessageEvent<FeedReply>) => void bridge.mainReply(event.data);
          const result = await bridge.mainJoin(request);
          if (result.ok) window.postMessage({ type: 'classcast:feed-port', feedId: result.feedId } satisfies FeedPortHandOff, '*', [channel.port2]);
          return result;
        },
        leave: () => bridge.mainLeave(),
        control: (message) => bridge.mainControl(message),
      };
      (window as unknown as { classcast: StudentApi }).classcast = api;
    },
    viewport,
    exposeMain,
  );
  return { page, errors, joins, answers, sessions };
}
