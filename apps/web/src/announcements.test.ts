/**
 * The gateway relays the class's announcements (written with the kafka package's announce(), as
 * the CLI does) to a joined browser student, the recent notice first; a value that is not a notice
 * never reaches the browser.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { announce, createKafkaClient } from '@classcast/kafka';
import { announcementTopic } from '@classcast/protocol';
import { createGateway, type Gateway } from './gateway.js';
import { joinGateway, uniqueClassId } from './test-helpers.js';
import { waitFor } from '../../../test-support/wait-for.js';

const connection = { brokers: inject('kafkaBrokers') };
let gateway: Gateway;
let publicDir: string;
const logged: string[] = [];

beforeAll(async () => {
  publicDir = await mkdtemp(join(tmpdir(), 'classcast-page-'));
  gateway = await createGateway({ connection, port: 0, host: '127.0.0.1', publicDir, log: (line) => logged.push(line) });
});
afterAll(async () => {
  await gateway?.close();
  await rm(publicDir, { recursive: true, force: true });
});

test('a browser student gets the current announcement on joining and new ones as they are made; bad values are dropped', async () => {
  const classId = uniqueClassId('gw-announce');
  await announce({ connection, classId, text: 'Current: read chapter 3' });
  const client = await joinGateway(gateway.url, classId, 'ada');
  try {
    const texts = () => client.messages.flatMap((message) => (message.type === 'announcement' ? [message.text] : []));
    await waitFor(() => texts().length === 1, 20_000, 'the current announcement');
    const producer = createKafkaClient(connection).producer();
    await producer.connect();
    await producer.send({ topic: announcementTopic(classId), messages: [{ value: Buffer.from([0, 1, 2, 0xff]) }, { value: '' }] });
    await producer.disconnect();
    await announce({ connection, classId, text: 'Break until 10:30' });
    await waitFor(() => texts().length === 2, 20_000, 'the new announcement');
    expect(texts()).toEqual(['Current: read chapter 3', 'Break until 10:30']);
    const announcement = client.messages.find((message) => message.type === 'announcement');
    expect(announcement).toMatchObject({ time: expect.any(Number) });
    await waitFor(
      () => logged.filter((line) => line.includes(`class ${classId}: skipped an announcement`)).length === 2,
      20_000,
      'the skipped values in the log',
    );
  } finally {
    client.socket.terminate();
  }
});
