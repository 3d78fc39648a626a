/**
 * The teacher's pen through the gateway, against the real broker: a joined student gets the board
 * as it stands and each new mark; a late joiner gets the board at once; a seek back shows the board
 * as of the replayed picture and replaying forward applies the marks as their times pass; back at
 * live the board is the current one. A viewer from before the pen (its join does not ask for marks)
 * is sent none of them. Garbage and a million-point stroke on the annotation topic
 * are skipped (the gateway's log says so) and the marks after them still arrive.
 */
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import kafkajs from 'kafkajs';
import { createAnnotationWriter, createBroadcaster, createKafkaClient, ensureAnnotationTopic, type AnnotationWriter, type Broadcaster } from '@classcast/kafka';
import {
  annotationTopic,
  applyAnnotation,
  emptyBoard,
  encodeAnnotation,
  type Annotation,
  type AnnotationBoard,
  type GatewayServerMessage,
  type GatewayTimeline,
} from '@classcast/protocol';
import { createGateway, type Gateway } from './gateway.js';
import { joinGateway, lessonFrame, openGateway, uniqueClassId, type RecordingClient } from './test-helpers.js';

const { CompressionTypes } = kafkajs;
const connection = { brokers: inject('kafkaBrokers') };
const classId = uniqueClassId('web-pen');
/** A 3-second lesson that began a minute ago: 10 fps, keyframes at 0, 10 and 20. */
const base = Date.now() - 60_000;
const logged: string[] = [];
let gateway: Gateway;
let teacher: Broadcaster;
let pen: AnnotationWriter;

const line = (id: string): Annotation => ({ type: 'stroke', id, tool: 'pen', color: '#e53935', width: 0.01, points: [0.1, 0.1, 0.9, 0.9] });

beforeAll(async () => {
  gateway = await createGateway({ connection, port: 0, host: '127.0.0.1', log: (text) => logged.push(text) });
  teacher = createBroadcaster({ connection, classId });
  await teacher.start();
  for (let i = 0; i < 30; i += 1) await teacher.send(lessonFrame(base, i));
  // Marks drawn during the lesson, at known times on its clock, with garbage between them.
  const kafka = createKafkaClient(connection);
  const admin = kafka.admin();
  await admin.connect();
  await ensureAnnotationTopic(admin, classId);
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const mark = (annotation: Annotation, at: number) => ({ key: 'screen-0', value: Buffer.from(encodeAnnotation(annotation)), timestamp: String(base + at) });
  const topic = annotationTopic(classId);
  await producer.send({ topic, messages: [mark(line('a'), 500), mark(line('b'), 1500), mark({ type: 'pointer', x: 0.25, y: 0.75 }, 1600)] });
  await producer.send({ topic, messages: [{ key: 'screen-0', value: '{"v":1,"type":"stroke","points":[', timestamp: String(base + 1700) }] });
  // A million points (about 8 MB of JSON, gzip makes it a small batch the broker takes): refused unread.
  const million = `{"v":1,"type":"stroke","id":"huge","tool":"pen","color":"#000000","width":0.01,"points":[${'0.5,'.repeat(1_999_999)}0.5]}`;
  await producer.send({ topic, compression: CompressionTypes.GZIP, messages: [{ key: 'screen-0', value: million, timestamp: String(base + 1800) }] });
  await producer.send({ topic, messages: [mark({ type: 'erase', id: 'a' }, 2000)] });
  await producer.disconnect();
  pen = createAnnotationWriter({ connection, classId });
  await pen.start();
});
afterAll(async () => {
  await pen?.stop();
  await teacher?.stop();
  await gateway?.close();
});

/** What the viewer draws over screen-0: the board messages and marks applied in order. */
function boardOf(client: RecordingClient, from = 0): AnnotationBoard {
  let board = emptyBoard();
  for (const message of client.messages.slice(from) as GatewayServerMessage[]) {
    if (message.type === 'board' && message.stream === 'screen-0') {
      board = { strokes: new Map(message.strokes.map((stroke) => [stroke.id, stroke])), pointer: message.pointer ?? undefined };
    } else if (message.type === 'annotation' && message.stream === 'screen-0') applyAnnotation(board, message.annotation);
  }
  return board;
}
/** A viewer that draws marks says so in its join. */
const joinDrawing = (student: string) => openGateway(gateway.url, JSON.stringify({ type: 'join', classId, student, annotations: true }));
const strokes = (client: RecordingClient) => [...boardOf(client).strokes.keys()];
const timelines = (client: RecordingClient) => client.messages.filter((m): m is GatewayTimeline => m.type === 'timeline');
const waiting = { timeout: 20_000, interval: 50 };

test('the board on joining, each new mark, a late joiner, a seek back and a replay in step; garbage skipped', async () => {
  const ada = await joinDrawing('ada');
  // A viewer from before the pen joins without "annotations": it is sent none of them, and watches on.
  const old = await joinGateway(gateway.url, classId, 'old');
  try {
    await vi.waitFor(() => expect(strokes(ada)).toEqual(['b']), waiting);
    expect(boardOf(ada).pointer).toEqual({ x: 0.25, y: 0.75 });
    await vi.waitFor(() => expect(logged.filter((text) => text.includes(`class ${classId}: skipped an annotation`))).toHaveLength(2), waiting);
    expect(logged.find((text) => text.includes('skipped an annotation (2 so far)'))).toMatch(/annotation of \d+ bytes/);

    await pen.draw('screen-0', line('c'));
    await vi.waitFor(() => expect(strokes(ada)).toEqual(['b', 'c']), waiting);
    expect(ada.messages.filter((m) => m.type === 'annotation' || m.type === 'board').at(-1)).toMatchObject({
      type: 'annotation',
      stream: 'screen-0',
      annotation: { type: 'stroke', id: 'c' },
    });

    const bob = await joinDrawing('bob');
    try {
      await vi.waitFor(() => expect(bob.messages.find((m) => m.type === 'board')).toMatchObject({ strokes: [{ id: 'b' }, { id: 'c' }] }), waiting);
    } finally {
      bob.socket.terminate();
    }

    // Back to 1.0 s into the lesson: only stroke a stood then; replaying on, b comes at 1.5 s and a goes at 2.0 s.
    const seekAt = ada.messages.length;
    ada.socket.send(JSON.stringify({ type: 'seek', time: base + 1000 }));
    await vi.waitFor(() => expect(ada.messages.slice(seekAt).find((m) => m.type === 'board')).toMatchObject({ strokes: [{ id: 'a' }] }), waiting);
    const replayed: string[][] = [];
    await vi.waitFor(() => {
      const now = strokes(ada).join(',');
      if (replayed.at(-1)?.join(',') !== now) replayed.push(strokes(ada));
      expect(timelines(ada).at(-1)?.mode).toBe('live');
    }, waiting);
    // In step: a, then a and b, then b; and the current board (b, c) once live again.
    expect(replayed.map((ids) => ids.join(','))).toEqual(expect.arrayContaining(['a,b', 'b,c']));
    expect(strokes(ada)).toEqual(['b', 'c']);
    const inReplay = ada.messages.slice(seekAt).filter((m) => m.type === 'annotation');
    expect(inReplay.map((m) => (m.type === 'annotation' ? m.annotation.type : ''))).toEqual(expect.arrayContaining(['stroke', 'pointer', 'erase']));
    expect(ada.socket.readyState).toBe(ada.socket.OPEN);
    expect(old.frames.length).toBeGreaterThan(0);
    expect(old.messages.filter((m) => m.type === 'board' || m.type === 'annotation')).toEqual([]);
    expect(old.socket.readyState).toBe(old.socket.OPEN);
  } finally {
    ada.socket.terminate();
    old.socket.terminate();
  }
});
