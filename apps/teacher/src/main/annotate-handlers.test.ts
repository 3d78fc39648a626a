/** The teacher's pen marks: checked by the viewers' rules in main, then written to the real broker's annotation topic. */
import { randomUUID } from 'node:crypto';
import { expect, inject, test } from 'vitest';
import { readAnnotationBoards } from '@classcast/kafka';
import { recordingIpc } from './ipc-test-helpers.js';
import { parseAnnotationRequest, setupAnnotateHandlers } from './annotate-handlers.js';

const connection = { brokers: inject('kafkaBrokers') };
const stroke = { type: 'stroke', id: 's1', tool: 'pen', color: '#E53935', width: 0.004, points: [0.1, 0.2, 0.3, 0.4] };

test('a request needs a valid class id and a mark every viewer would draw', () => {
  expect(parseAnnotationRequest({ classId: 'physics', annotation: stroke })).toEqual({ classId: 'physics', annotation: { ...stroke, color: '#e53935' } });
  expect(parseAnnotationRequest({ classId: 'physics', annotation: { type: 'clear' } })).toEqual({ classId: 'physics', annotation: { type: 'clear' } });
  expect(() => parseAnnotationRequest({ classId: 'physics', annotation: { ...stroke, points: [2, 2] } })).toThrow(
    /classcast:teacher:annotate: stroke points must be fractions/,
  );
  expect(() => parseAnnotationRequest({ classId: 'physics', annotation: { ...stroke, points: new Array(4002).fill(0.5) } })).toThrow(/2001 points/);
  expect(() => parseAnnotationRequest({ classId: 'physics', annotation: 'clear' })).toThrow(/annotation must be an object/);
  expect(() => parseAnnotationRequest({ classId: 'no spaces', annotation: { type: 'clear' } })).toThrow(/class id/);
});

test("the handler writes the marks to the class's annotation topic, where the board stands as drawn", async () => {
  const { ipc, handlers } = recordingIpc();
  const pen = setupAnnotateHandlers(ipc, { connection: () => connection });
  const classId = `teacher-pen-${randomUUID().slice(0, 8)}`;
  const annotate = (annotation: unknown) => handlers.get('classcast:teacher:annotate')!({ classId, annotation });
  try {
    await expect(annotate(stroke)).resolves.toEqual({ ok: true });
    await expect(annotate({ ...stroke, id: 's2' })).resolves.toEqual({ ok: true });
    await expect(annotate({ type: 'erase', id: 's1' })).resolves.toEqual({ ok: true });
    await expect(annotate({ type: 'pointer', x: 0.5, y: 0.5 })).resolves.toEqual({ ok: true });
    const { boards, skipped } = await readAnnotationBoards(connection, classId);
    expect(skipped).toBe(0);
    expect([...boards.keys()]).toEqual(['screen-0']);
    expect([...boards.get('screen-0')!.strokes.keys()]).toEqual(['s2']);
    expect(boards.get('screen-0')!.pointer).toEqual({ x: 0.5, y: 0.5 });
  } finally {
    await pen.stop();
  }
});
