import { expect, inject, test } from 'vitest';
import type { Annotation } from '@classcast/protocol';
import { readAnnotationBoards } from './annotations.js';
import { createTeacherPen } from './teacher-pen.js';
import { uniqueClassId } from './testing.js';

const connection = { brokers: inject('kafkaBrokers') };

test('a growing stroke sent many times at once lands in the order drawn: the board has the whole stroke', async () => {
  const classId = uniqueClassId('pen');
  const pen = createTeacherPen();
  const target = { classId, login: '', connection: () => connection };
  // As a panel sends a stroke while it grows: each copy longer than the one before, none awaited.
  const copies: Array<Promise<void>> = [];
  const points: number[] = [];
  for (let step = 0; step <= 40; step += 1) {
    points.push(step / 40, 0.5);
    const stroke: Annotation = { type: 'stroke', id: 's1', tool: 'pen', color: '#e53935', width: 0.01, points: [...points] };
    copies.push(pen.draw(target, stroke));
  }
  await Promise.all(copies);
  await pen.stop();
  const { boards } = await readAnnotationBoards(connection, classId);
  expect(boards.get('screen-0')?.strokes.get('s1')?.points.length).toBe(82);
});
