/**
 * Gateway fan-out against a real broker: the students of a class share ONE Kafka reader on the
 * gateway, yet each still has its own consumer group with its position (as `classcast students`
 * and Kafka's consumer-groups tool show), a late joiner gets the current picture from the shared
 * reader at once, and a student who replays does so alone and rejoins the shared reader after.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { kafkaToolCommand } from '@classcast/broker';
import { createBroadcaster, createKafkaClient, listStudents, type Broadcaster } from '@classcast/kafka';
import { frameTopic, replayGroupPrefix, studentGroupId, studentGroupPrefix } from '@classcast/protocol';
import { waitFor } from '../../../test-support/wait-for.js';
import { createGateway, type Gateway } from './gateway.js';
import { createFrameSender, joinGateway, uniqueClassId, type RecordingClient } from './test-helpers.js';

const brokers = inject('kafkaBrokers');
const connection = { brokers };
const classId = uniqueClassId('fan-out');
const STUDENTS = 30;
let teacher: Broadcaster;
let gateway: Gateway;
const clients: RecordingClient[] = [];

let teacherFrames: ReturnType<typeof createFrameSender>;
const send = (kind: 'key' | 'delta') => teacherFrames.send(kind);

const sequences = (client: RecordingClient) => client.frames.map((frame) => frame.sequence);

beforeAll(async () => {
  teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  teacherFrames = createFrameSender(teacher);
  await send('key');
  gateway = await createGateway({ connection, port: 0, host: '127.0.0.1', gatewayId: 'gw-test', joinsPerAddressPerMinute: 100 });
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.socket.terminate();
  await gateway?.close();
  await teacher?.stop();
});

test(`${STUDENTS} students of one class share one Kafka reader, and each has its own group with its position`, async () => {
  for (let i = 0; i < STUDENTS; i += 1) clients.push(await joinGateway(gateway.url, classId, `student-${i}`));
  await waitFor(() => clients.every((client) => client.frames.length >= 1), 20_000, 'the current picture at every student');
  const sent: number[] = [];
  for (let i = 0; i < 8; i += 1) sent.push(await send('delta'));
  await waitFor(() => clients.every((client) => sequences(client).at(-1) === sent.at(-1)), 20_000, 'every delta at every student');
  for (const client of clients) expect(sequences(client)).toEqual([0, ...sent]);
  expect(gateway.fanOut()).toEqual({ classes: 1, readers: 1, seats: STUDENTS });

  // Kafka sees one reader of the class from this gateway, and no student consumer in any group.
  const admin = createKafkaClient(connection).admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((group) => group.groupId);
    const readers = groups.filter((id) => id.startsWith(`${replayGroupPrefix(classId)}gateway-gw-test`));
    expect(readers).toHaveLength(1);
    const studentGroups = groups.filter((id) => id.startsWith(studentGroupPrefix(classId)));
    const { groups: described } = await admin.describeGroups(studentGroups);
    expect(described.every((group) => group.members.length === 0)).toBe(true);
  } finally {
    await admin.disconnect();
  }

  // Yet every student is listed as watching through this gateway, and has read everything.
  await waitFor(
    async () => {
      const listed = await listStudents({ connection, classId });
      return listed.length === STUDENTS && listed.every((student) => student.state === 'watching' && student.gateway === 'gw-test' && student.lag === 0);
    },
    15_000,
    'every student watching through gw-test with no lag',
  );
  // Kafka's own tool shows a student's group, its position at the end of the class topic.
  const tool = await kafkaToolCommand('consumer-groups', ['--bootstrap-server', brokers[0]!, '--describe', '--group', studentGroupId(classId, 'student-7')]);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(tool.command, tool.args);
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
  const row = output.split('\n').find((line) => line.startsWith(`${studentGroupId(classId, 'student-7')} `));
  expect(row, output).toBeDefined();
  // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG …
  const [, topic, , current, end, lag] = row!.split(/\s+/);
  expect({ topic, current, end, lag }).toEqual({ topic: frameTopic(classId), current: String(sent.length + 1), end: String(sent.length + 1), lag: '0' });
}, 90_000);

test('a late joiner gets the current picture from the shared reader at once: the keyframe and every delta since, composed, the newest painted', async () => {
  const joinedAt = Date.now();
  const late = await joinGateway(gateway.url, classId, 'late');
  clients.push(late);
  await waitFor(() => late.frames.some((frame) => !frame.catchingUp), 5000, 'a painted picture');
  const firstPictureMs = Date.now() - joinedAt;
  console.log(`late joiner's first picture after ${firstPictureMs} ms`);
  expect(firstPictureMs).toBeLessThan(1000);
  const newest = teacher.nextSequence - 1;
  expect(sequences(late)).toEqual(Array.from({ length: newest - teacherFrames.key.sequence + 1 }, (_, i) => teacherFrames.key.sequence + i));
  expect(late.frames.slice(0, -1).every((frame) => frame.catchingUp)).toBe(true);
  expect(gateway.fanOut().readers).toBe(1);
});

test('a student who seeks replays alone while the others stay live, and back to live shares the reader again', async () => {
  const [replaying, staying] = [clients[0]!, clients[1]!];
  replaying.socket.send(JSON.stringify({ type: 'seek', time: teacherFrames.key.time - 1 }));
  await waitFor(() => replaying.messages.some((message) => message.type === 'timeline' && message.mode === 'replay'), 10_000, 'the replay');
  const staysAt = staying.frames.length;
  const live = await send('delta');
  await waitFor(() => sequences(staying).at(-1) === live, 10_000, 'the new delta at the live student');
  expect(staying.frames.length).toBe(staysAt + 1);
  const askedAt = replaying.messages.length;
  replaying.socket.send(JSON.stringify({ type: 'live' }));
  const backLive = () => replaying.messages.slice(askedAt).some((message) => message.type === 'timeline' && message.mode === 'live');
  await waitFor(backLive, 10_000, 'back to live');
  const next = await send('delta');
  await waitFor(() => sequences(replaying).at(-1) === next && sequences(staying).at(-1) === next, 10_000, 'the next delta at both');
  expect(gateway.fanOut().readers).toBe(1);
});
