/** The teacher's announce request: checked like the students' readers check it, then written to the real broker. */
import { randomUUID } from 'node:crypto';
import { expect, inject, test } from 'vitest';
import { createAnnouncementReader } from '@classcast/kafka';
import { recordingIpc } from './ipc-test-helpers.js';
import { parseAnnouncementRequest, setupAnnounceHandlers } from './announce-handlers.js';
import { waitFor } from '../../../../test-support/wait-for.js';

const connection = { brokers: inject('kafkaBrokers') };

test('a request needs a valid class id and readable text', () => {
  expect(parseAnnouncementRequest({ classId: 'physics', text: ' Quiz \n' })).toEqual({ classId: 'physics', text: 'Quiz' });
  expect(() => parseAnnouncementRequest({ classId: 'physics', text: '' })).toThrow(/classcast:teacher:announce: empty announcement/);
  expect(() => parseAnnouncementRequest({ classId: 'physics', text: 'x'.repeat(501) })).toThrow(/longer than 500/);
  expect(() => parseAnnouncementRequest({ classId: 'no spaces', text: 'hi' })).toThrow(/class id/);
  expect(() => parseAnnouncementRequest({ classId: 'physics' })).toThrow(/text must be a string/);
});

test("the handler writes the notice to the class's announcement topic, where a student reads it", async () => {
  const { ipc, handlers } = recordingIpc();
  setupAnnounceHandlers(ipc, { connection: () => connection });
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
