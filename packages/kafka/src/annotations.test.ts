/**
 * The annotation stream on a real broker: a teacher's strokes, an erase, a clear and the pointer
 * come back as the board stands, per stream; garbage on the topic is skipped with a reason; the
 * topic keeps the class's retention; a time in the lesson gives the board as it stood then; the
 * history gives every annotation with its time.
 */
import { afterEach, expect, inject, test } from 'vitest';
import kafkajs from 'kafkajs';
import { annotationTopic, pause, type Annotation } from '@classcast/protocol';
import { createAnnotationWriter, readAnnotationBoards, readAnnotationHistory } from './annotations.js';
import { createBroadcaster } from './broadcaster.js';
import { createKafkaClient } from './connection.js';
import { uniqueClassId } from './testing.js';

const { ConfigResourceTypes } = kafkajs;
const connection = { brokers: inject('kafkaBrokers') };
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

test('the boards as they stand: strokes, an erase, a clear, the pointer, per stream; garbage skipped; the board at an earlier time', async () => {
  const classId = uniqueClassId('annotations');
  const teacher = createBroadcaster({ connection, classId, topic: { retentionMs: 2 * 3600_000 } });
  await teacher.start();
  cleanup.push(() => teacher.stop());
  expect(await readAnnotationBoards(connection, classId)).toEqual({ boards: new Map(), skipped: 0 });

  const pen = createAnnotationWriter({ connection, classId });
  await pen.start();
  cleanup.push(() => pen.stop());
  const line = (id: string): Annotation => ({ type: 'stroke', id, tool: 'pen', color: '#e53935', width: 0.004, points: [0.1, 0.1, 0.9, 0.9] });
  await pen.draw('screen-0', line('a'));
  await pen.draw('screen-0', line('b'));
  await pause(20);
  const beforeErase = Date.now();
  await pause(20);
  await pen.draw('screen-0', { type: 'erase', id: 'a' });
  await pen.draw('screen-0', { type: 'pointer', x: 0.5, y: 0.5 });
  await pen.draw('screen-1', line('c'));
  await pen.draw('screen-1', { type: 'clear' });
  await pen.draw('screen-1', line('d'));
  // Garbage from any Kafka tool: skipped with a reason, never drawn.
  const producer = createKafkaClient(connection).producer();
  await producer.connect();
  await producer.send({ topic: annotationTopic(classId), messages: [{ key: 'screen-0', value: '{"v":1,"type":"stroke","points":[' }] });
  await producer.disconnect();

  const now = await readAnnotationBoards(connection, classId);
  expect([...now.boards.keys()].sort()).toEqual(['screen-0', 'screen-1']);
  expect([...now.boards.get('screen-0')!.strokes.keys()]).toEqual(['b']);
  expect(now.boards.get('screen-0')!.pointer).toEqual({ x: 0.5, y: 0.5 });
  expect([...now.boards.get('screen-1')!.strokes.keys()]).toEqual(['d']);
  expect(now.skipped).toBe(1);
  expect(now.lastProblem).toMatch(/not UTF-8 JSON/);

  const then = await readAnnotationBoards(connection, classId, beforeErase);
  expect([...then.boards.get('screen-0')!.strokes.keys()]).toEqual(['a', 'b']);
  expect(then.boards.has('screen-1')).toBe(false);

  // The history, for a caller that replays it as time passes (an export): each annotation with its stream and time, in time order.
  const history = await readAnnotationHistory(connection, classId);
  expect(history.annotations.map(({ streamId, annotation }) => `${streamId} ${annotation.type}`)).toEqual([
    'screen-0 stroke',
    'screen-0 stroke',
    'screen-0 erase',
    'screen-0 pointer',
    'screen-1 stroke',
    'screen-1 clear',
    'screen-1 stroke',
  ]);
  expect(history.annotations.every(({ time }, i, all) => i === 0 || time >= all[i - 1]!.time)).toBe(true);
  expect(history.annotations[2]!.time).toBeGreaterThan(beforeErase);
  expect(history.skipped).toBe(1);
  expect((await readAnnotationHistory(connection, classId, beforeErase)).annotations).toHaveLength(2);

  // The marks last as long as the pictures: the annotation topic has the class's retention.
  const admin = createKafkaClient(connection).admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: annotationTopic(classId), configNames: ['retention.ms'] }],
    });
    expect(resources[0]?.configEntries[0]?.configValue).toBe(String(2 * 3600_000));
  } finally {
    await admin.disconnect();
  }
});
