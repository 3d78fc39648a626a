/**
 * The three Kafka roles of a real Apache Flume 1.11 agent (its own kafka-clients 2.7.2) against
 * the real Kafka 4.1.1 test broker: sink (netcat → announcements), source (frames → file_roll
 * archive whose keyframes open as images) and channel (the announcement topic as the channel).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { findFreePort } from '@classcast/broker';
import { createBroadcaster } from '@classcast/kafka';
import { announcementTopic, frameTopic } from '@classcast/protocol';
import { AGENTS, renderAgentConfig } from './agent-config.js';
import { fetchFlumeJars } from './fetch-flume-jars.js';
import { startFlumeAgent, type FlumeAgent } from './flume-agent.js';
import { sendNetcatLines } from './netcat-client.js';
import { waitFor } from '../../../test-support/wait-for.js';

const brokers = inject('kafkaBrokers');
const kafka = new Kafka({ brokers, clientId: 'flume-test', logLevel: logLevel.NOTHING });
let admin: Admin;
let libsDir: string;
const dirs: string[] = [];

beforeAll(async () => {
  libsDir = await fetchFlumeJars();
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const uniqueClass = (name: string) => `${name}-${Date.now().toString(36)}`;

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `classcast-flume-test-${name}-`));
  dirs.push(dir);
  return dir;
}

async function createTopic(topic: string): Promise<void> {
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: false });
  // Kafka 4 answers UNKNOWN_TOPIC for a moment after creation; wait until the topic has a leader.
  const led = async () => {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
    return (metadata?.topics[0]?.partitions[0]?.leader ?? -1) >= 0;
  };
  await waitFor(led, 5_000, `a leader for ${topic}`);
}

async function readTopic(topic: string, count: number, timeoutMs = 20_000): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `flume-test-reader-${Date.now()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const values: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${values.length} of ${count} messages from ${topic}`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString('utf8') ?? '');
          if (values.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return values;
  } finally {
    await consumer.disconnect();
  }
}

/** Concatenated contents of every file a file_roll sink wrote (names sort in roll order). */
async function archived(dir: string): Promise<Buffer> {
  const files = (await readdir(dir)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return Buffer.concat(await Promise.all(files.map((file) => readFile(path.join(dir, file)))));
}

async function withAgent<T>(agent: FlumeAgent, body: (agent: FlumeAgent) => Promise<T>): Promise<T> {
  try {
    return await body(agent);
  } finally {
    await agent.stop();
    // No JVM left: the process is gone after stop().
    expect(() => process.kill(agent.pid, 0)).toThrow();
  }
}

test('Kafka as sink: lines typed into the netcat source arrive on the class announcement topic', async () => {
  const classId = uniqueClass('flume-sink');
  const topic = announcementTopic(classId);
  await createTopic(topic);
  const port = await findFreePort();
  const config = await renderAgentConfig('announcements-sink', {
    NETCAT_HOST: '127.0.0.1',
    NETCAT_PORT: String(port),
    KAFKA_BOOTSTRAP_SERVERS: brokers.join(','),
    CLASS_ID: classId,
  });
  const agent = await startFlumeAgent({ agentName: AGENTS['announcements-sink'], config, libsDir });
  await withAgent(agent, async () => {
    expect(await sendNetcatLines(port, ['Quiz in 5 minutes', 'Page 42, exercise 3'])).toEqual(['OK', 'OK']);
    expect(await readTopic(topic, 2)).toEqual(['Quiz in 5 minutes', 'Page 42, exercise 3']);
  });
});

test('Kafka as source: the class frames archived by file_roll hold the keyframes, which open as images', async () => {
  const classId = uniqueClass('flume-source');
  const archiveDir = await tempDir('archive');
  const broadcaster = createBroadcaster({ connection: { brokers }, classId });
  await broadcaster.start();
  const pictures = await Promise.all(
    [
      { r: 200, g: 30, b: 30 },
      { r: 30, g: 30, b: 200 },
    ].map((background) =>
      sharp({ create: { width: 320, height: 240, channels: 3, background } })
        .jpeg({ quality: 80 })
        .toBuffer(),
    ),
  );
  const now = Date.now();
  for (const [index, picture] of pictures.entries()) {
    await broadcaster.send({
      kind: 'key',
      codec: 'jpeg',
      width: 320,
      height: 240,
      sequence: index,
      captureTime: now + index,
      keySequence: index,
      keyCaptureTime: now + index,
      payload: picture,
    });
  }
  await broadcaster.stop();

  const config = await renderAgentConfig('frames-archive', {
    KAFKA_BOOTSTRAP_SERVERS: brokers.join(','),
    CLASS_ID: classId,
    ARCHIVE_DIR: archiveDir,
    ROLL_SECONDS: '0',
  });
  expect(config).toContain(`kafka.topics = ${frameTopic(classId)}`);
  const agent = await startFlumeAgent({ agentName: AGENTS['frames-archive'], config, libsDir });
  const expected = Buffer.concat(pictures);
  await withAgent(agent, async () => {
    const bytes = await waitFor(
      async () => {
        const data = await archived(archiveDir);
        return data.length >= expected.length && data;
      },
      20_000,
      'the archive to hold both keyframes',
    );
    // Exactly the message values, back to back: no newline, no Flume framing.
    expect(bytes.equals(expected)).toBe(true);
  });
  const first = await archived(archiveDir);
  const keyframe = first.subarray(0, pictures[0]!.length);
  const metadata = await sharp(keyframe).metadata();
  expect(metadata).toMatchObject({ format: 'jpeg', width: 320, height: 240 });
  const { dominant } = await sharp(keyframe).stats();
  expect(dominant.r).toBeGreaterThan(150);
});

test('Kafka as channel: netcat lines go through the announcement topic into a file_roll log', async () => {
  const classId = uniqueClass('flume-channel');
  const topic = announcementTopic(classId);
  await createTopic(topic);
  const logDir = await tempDir('channel');
  const port = await findFreePort();
  const config = await renderAgentConfig('announcements-channel', {
    NETCAT_HOST: '127.0.0.1',
    NETCAT_PORT: String(port),
    KAFKA_BOOTSTRAP_SERVERS: brokers.join(','),
    CLASS_ID: classId,
    ARCHIVE_DIR: logDir,
    ROLL_SECONDS: '0',
  });
  const agent = await startFlumeAgent({ agentName: AGENTS['announcements-channel'], config, libsDir });
  await withAgent(agent, async () => {
    expect(await sendNetcatLines(port, ['Break until 10:15', 'Bring your calculators'])).toEqual(['OK', 'OK']);
    // The channel is the topic: plain values any Kafka client reads...
    expect(await readTopic(topic, 2)).toEqual(['Break until 10:15', 'Bring your calculators']);
    // ...and the sink drained it into the file.
    const text = await waitFor(
      async () => {
        const data = (await archived(logDir)).toString('utf8');
        return data.split('\n').filter(Boolean).length >= 2 && data;
      },
      20_000,
      'the sink to write both lines',
    );
    expect(text).toBe('Break until 10:15\nBring your calculators\n');
  });
});
