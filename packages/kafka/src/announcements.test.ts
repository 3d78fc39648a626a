/** The announcement reader and writer against the real test broker, including messages that are not notices. */
import { afterEach, expect, inject, test } from 'vitest';
import { announcementTopic, pause, readAnnouncementValue } from '@classcast/protocol';
import {
  announce,
  announceEyesOnMe,
  createAnnouncementReader,
  ensureAnnouncementTopic,
  type AnnouncementReader,
  type ReceivedAnnouncement,
} from './announcements.js';
import { createKafkaClient } from './connection.js';
import { uniqueClassId } from './testing.js';
import { waitFor } from '../../../test-support/wait-for.js';

const connection = { brokers: inject('kafkaBrokers') };
const readers: AnnouncementReader[] = [];
afterEach(async () => {
  await Promise.all(readers.splice(0).map((reader) => reader.stop()));
});

/** Writes raw values the way any Kafka tool could (a console producer, Flume, a broken script). */
async function writeRaw(classId: string, messages: Array<{ value: Buffer | string | null; timestamp?: number }>): Promise<void> {
  const kafka = createKafkaClient(connection);
  const admin = kafka.admin();
  const producer = kafka.producer();
  await admin.connect();
  await ensureAnnouncementTopic(admin, classId);
  await admin.disconnect();
  await producer.connect();
  await producer.send({
    topic: announcementTopic(classId),
    messages: messages.map(({ value, timestamp }) => ({ value, timestamp: String(timestamp ?? Date.now()) })),
  });
  await producer.disconnect();
}

function reader(classId: string) {
  const shown: ReceivedAnnouncement[] = [];
  const skipped: string[] = [];
  const eyesOnMe: number[] = [];
  const created = createAnnouncementReader({
    connection,
    classId,
    readerId: 'ada',
    onAnnouncement: (announcement) => shown.push(announcement),
    onEyesOnMe: ({ time }) => eyesOnMe.push(time),
    onSkipped: ({ reason }) => skipped.push(reason),
  });
  readers.push(created);
  return { reader: created, shown, skipped, eyesOnMe };
}

test('a joining student sees the recent notice, not old ones, then everything announced; bad values are skipped and counted', async () => {
  const classId = uniqueClassId('announce');
  await writeRaw(classId, [
    { value: 'yesterday: bring calculators', timestamp: Date.now() - 60 * 60_000 },
    { value: 'current notice: open page 42', timestamp: Date.now() - 2 * 60_000 },
  ]);
  const { reader: student, shown, skipped } = reader(classId);
  await student.start();
  await waitFor(() => shown.length >= 1, 15_000, 'the recent notice');

  await writeRaw(classId, [
    { value: '' },
    { value: null },
    { value: 'x'.repeat(501) },
    { value: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]) },
    { value: 'line\u0000with NUL' },
  ]);
  await announce({ connection, classId, text: '  Quiz in five minutes\n' });
  await waitFor(() => shown.length >= 2, 15_000, 'the new announcement');

  expect(shown.map((a) => a.text)).toEqual(['current notice: open page 42', 'Quiz in five minutes']);
  expect(shown[1]!.time).toBeGreaterThan(Date.now() - 60_000);
  expect(skipped).toHaveLength(5);
  expect(skipped.join('|')).toMatch(/empty.*empty.*longer than 500.*not UTF-8.*control characters/);
  expect(student.stats).toEqual({ shown: 2, skipped: 5 });
});

test('"eyes on me" reaches a reader that joined before it, not one that joins after; an old-style reader skips it as one empty announcement', async () => {
  const classId = uniqueClassId('eyes');
  await announce({ connection, classId, text: 'Welcome' });
  const early = reader(classId);
  await early.reader.start();
  await waitFor(() => early.shown.length === 1, 15_000, 'the welcome');
  const sent = await announceEyesOnMe({ connection, classId, requireClass: false });
  await waitFor(() => early.eyesOnMe.length === 1, 15_000, 'eyes on me at the early reader');
  expect(early.eyesOnMe[0]).toBe(sent.time);
  expect(early.shown.map((a) => a.text)).toEqual(['Welcome']);
  expect(early.skipped).toEqual([]);

  const late = reader(classId);
  await late.reader.start();
  await waitFor(() => late.shown.length === 1, 15_000, "the late joiner's welcome");
  await announce({ connection, classId, text: 'After' });
  await waitFor(() => late.shown.length === 2, 15_000, 'the next notice, read after the eyes-on-me message');
  expect(late.eyesOnMe).toEqual([]);
  expect(late.skipped).toEqual([]);

  // What a reader from before the kind does with each message (readAnnouncementValue on the value): the
  // eyes-on-me message is one skipped "empty announcement", never a notice.
  const consumer = createKafkaClient(connection).consumer({ groupId: `old-reader-${classId}` });
  const old: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: announcementTopic(classId), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const read = readAnnouncementValue(message.value);
      old.push('text' in read ? `announcement: ${read.text}` : `skipped: ${read.problem}`);
    },
  });
  await waitFor(() => old.length === 3, 20_000, 'the old-style reader');
  await consumer.disconnect();
  expect(old).toEqual(['announcement: Welcome', 'skipped: empty announcement', 'announcement: After']);
});

test('a reader waits for a class that has no announcement topic yet, without failing; a long student name is fine', async () => {
  const classId = uniqueClassId('announce-wait');
  const shown: ReceivedAnnouncement[] = [];
  const student = createAnnouncementReader({ connection, classId, readerId: 'a'.repeat(64), onAnnouncement: (announcement) => shown.push(announcement) });
  readers.push(student);
  let started = false;
  const starting = student.start().then(() => (started = true));
  await pause(3000);
  expect(started).toBe(false);
  await announce({ connection, classId, text: 'Welcome!' });
  await starting;
  await waitFor(() => shown.length === 1, 15_000, 'the first announcement');
  expect(shown[0]!.text).toBe('Welcome!');
});

test('a reader stopped while it waits ends quietly; announce refuses text that is no notice', async () => {
  const { reader: student } = reader(uniqueClassId('announce-stop'));
  const starting = student.start();
  await pause(500);
  await student.stop();
  await expect(starting).resolves.toBeUndefined();
  await expect(announce({ connection, classId: 'c1', text: '   ' })).rejects.toThrow(/cannot announce: empty announcement/);
  await expect(announce({ connection, classId: 'c1', text: 'a\u0001b' })).rejects.toThrow(/control characters/);
});

test('a broker that cannot be reached is retried quietly, and leaving does not wait for it', async () => {
  const unreachable = createAnnouncementReader({ connection: { brokers: ['127.0.0.1:1'] }, classId: 'nowhere', onAnnouncement: () => undefined });
  let settled = false;
  const starting = unreachable.start().finally(() => (settled = true));
  await pause(1500);
  expect(settled).toBe(false);
  const leaving = Date.now();
  await unreachable.stop();
  expect(Date.now() - leaving).toBeLessThan(5000);
  await expect(starting).resolves.toBeUndefined();
}, 60_000);
