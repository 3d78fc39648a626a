/** The teacher's announce request: checked like the students' readers check it, then written to the real broker. */
import { randomUUID } from 'node:crypto';
import { expect, inject, test } from 'vitest';
import type { TrustedIpc } from '@classcast/desktop';
import { announce, createAnnouncementReader } from '@classcast/kafka';
import type { InvokeContract } from '../shared/ipc-channels.js';
import { parseAnnouncementRequest, parseEyesOnMeRequest, setupAnnounceHandlers } from './announce-handlers.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const connection = { brokers: inject('kafkaBrokers') };

/** The channels' handlers as main sets them up; Electron's IPC is the one part not present in Node: each is called as ipc.handle would. */
function announceHandlers(): Map<string, (payload: unknown) => unknown> {
  const handlers = new Map<string, (payload: unknown) => unknown>();
  const ipc = {
    handle: (channel: string, parse: (payload: unknown) => unknown, handler: (request: unknown) => unknown) =>
      handlers.set(channel, (payload) => handler(parse(payload))),
  } as unknown as TrustedIpc<InvokeContract>;
  setupAnnounceHandlers(ipc, { connection: () => connection });
  return handlers;
}

test('a request needs a valid class id and readable text', () => {
  expect(parseAnnouncementRequest({ classId: 'physics', text: ' Quiz \n' })).toEqual({ classId: 'physics', text: 'Quiz' });
  expect(() => parseAnnouncementRequest({ classId: 'physics', text: '' })).toThrow(/classcast:teacher:announce: empty announcement/);
  expect(() => parseAnnouncementRequest({ classId: 'physics', text: 'x'.repeat(501) })).toThrow(/longer than 500/);
  expect(() => parseAnnouncementRequest({ classId: 'no spaces', text: 'hi' })).toThrow(/class id/);
  expect(() => parseAnnouncementRequest({ classId: 'physics' })).toThrow(/text must be a string/);
});

test("the handler writes the notice to the class's announcement topic, where a student reads it", async () => {
  const handlers = announceHandlers();
  const classId = `teacher-announce-${randomUUID().slice(0, 8)}`;
  await expect(handlers.get('classcast:teacher:announce')!({ classId, text: 'Pens down' })).resolves.toEqual({ ok: true });
  const shown: string[] = [];
  const reader = createAnnouncementReader({ connection, classId, onAnnouncement: ({ text }) => shown.push(text) });
  try {
    await reader.start();
    await waitFor(() => shown.length > 0, 15_000, 'the announcement at the reader');
    expect(shown).toEqual(['Pens down']);
  } finally {
    await reader.stop();
  }
});

test('"eyes on me": the request needs a valid class id; the handler writes it, and a student who joined before hears it', async () => {
  expect(parseEyesOnMeRequest({ classId: 'physics' })).toEqual({ classId: 'physics' });
  expect(() => parseEyesOnMeRequest({ classId: 'no spaces' })).toThrow(/class id/);
  const handlers = announceHandlers();
  const classId = `teacher-eyes-${randomUUID().slice(0, 8)}`;
  await announce({ connection, classId, text: 'Welcome' });
  const heard: number[] = [];
  const shown: string[] = [];
  const reader = createAnnouncementReader({ connection, classId, onAnnouncement: ({ text }) => shown.push(text), onEyesOnMe: ({ time }) => heard.push(time) });
  try {
    await reader.start();
    await waitFor(() => shown.length > 0, 15_000, 'the welcome at the reader');
    await expect(handlers.get('classcast:teacher:eyes-on-me')!({ classId })).resolves.toEqual({ ok: true });
    await waitFor(() => heard.length > 0, 15_000, 'eyes on me at the reader');
    expect(shown).toEqual(['Welcome']);
  } finally {
    await reader.stop();
  }
});
