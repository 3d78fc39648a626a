import { describe, expect, test, vi } from 'vitest';
import { applyAnnotation, emptyBoard, encodeAnnotation, MAX_ANNOTATION_BYTES, MAX_STROKE_POINTS, readAnnotationValue, type Annotation } from './annotation.js';
import { annotationTopic } from './names.js';
import { createRandom } from './test-messages.js';

const text = (value: string) => new TextEncoder().encode(value);
const stroke = (id: string, points = [0.1, 0.2, 0.3, 0.4]): Annotation => ({ type: 'stroke', id, tool: 'pen', color: '#E53935', width: 0.004, points });

test('the annotation topic sits beside the frames', () => {
  expect(annotationTopic('math-7b')).toBe('classcast.math-7b.annotations');
});

test('every kind of annotation goes through its JSON and back', () => {
  const kinds: Annotation[] = [
    stroke('s1'),
    { type: 'stroke', id: 'h-2', tool: 'highlighter', color: '#fdd835', width: 0.03, points: [0, 0, 1, 1, 0.5, 0.5] },
    { type: 'pointer', x: 0.52, y: 0.31 },
    { type: 'pointer', x: null, y: null },
    { type: 'erase', id: 's1' },
    { type: 'clear' },
  ];
  for (const annotation of kinds) {
    const read = readAnnotationValue(encodeAnnotation(annotation));
    const expected = annotation.type === 'stroke' ? { ...annotation, color: annotation.color.toLowerCase() } : annotation;
    expect(read).toEqual({ annotation: expected });
  }
  // Any Kafka tool sees plain JSON.
  expect(new TextDecoder().decode(encodeAnnotation({ type: 'clear' }))).toBe('{"v":1,"type":"clear"}');
});

describe('bad annotations are refused with a reason, never drawn', () => {
  test.each([
    ['empty', new Uint8Array(0), /empty/],
    ['not JSON', text('draw a line'), /not UTF-8 JSON/],
    ['not UTF-8', Uint8Array.of(0x7b, 0xff, 0x7d), /not UTF-8 JSON/],
    ['an array', text('[1,2]'), /not a JSON object/],
    ['another version', text('{"v":2,"type":"clear"}'), /version 2/],
    ['an unknown type', text('{"v":1,"type":"laser"}'), /unknown annotation type "laser"/],
    ['a point off the picture', text('{"v":1,"type":"stroke","id":"a","tool":"pen","color":"#000000","width":0.01,"points":[0,0,1.5,0]}'), /fractions/],
    ['an odd point list', text('{"v":1,"type":"stroke","id":"a","tool":"pen","color":"#000000","width":0.01,"points":[0,0,1]}'), /points/],
    ['a colour that is not #rrggbb', text('{"v":1,"type":"stroke","id":"a","tool":"pen","color":"red","width":0.01,"points":[0,0,1,1]}'), /#rrggbb/],
    ['a width of half the picture', text('{"v":1,"type":"stroke","id":"a","tool":"pen","color":"#000000","width":0.5,"points":[0,0,1,1]}'), /width/],
    ['an id with spaces', text('{"v":1,"type":"erase","id":"a b"}'), /id/],
    ['half a pointer', text('{"v":1,"type":"pointer","x":0.5,"y":null}'), /pointer/],
  ])('%s', (_, value, problem) => {
    const read = readAnnotationValue(value);
    expect(read).toEqual({ problem: expect.stringMatching(problem) });
  });

  test('a stroke with a million points is refused by its size, before it is parsed', () => {
    const points = Array.from({ length: 2_000_000 }, (_, i) => (i % 100) / 100);
    const value = text(JSON.stringify({ v: 1, type: 'stroke', id: 'huge', tool: 'pen', color: '#000000', width: 0.01, points }));
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(readAnnotationValue(value)).toEqual({ problem: `annotation of ${value.length} bytes (at most ${MAX_ANNOTATION_BYTES})` });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  test('a stroke of more points than allowed is refused even when it fits in the bytes', () => {
    const points = Array.from({ length: (MAX_STROKE_POINTS + 1) * 2 }, () => 0);
    const read = readAnnotationValue(text(JSON.stringify({ v: 1, type: 'stroke', id: 'long', tool: 'pen', color: '#000000', width: 0.01, points })));
    expect(read).toEqual({ problem: `a stroke of ${MAX_STROKE_POINTS + 1} points (at most ${MAX_STROKE_POINTS})` });
    expect(() => encodeAnnotation({ type: 'stroke', id: 'long', tool: 'pen', color: '#000000', width: 0.01, points })).toThrow(/at most 2000/);
  });
});

test('fuzz: random and mutated values only ever give an annotation or a reason', () => {
  const random = createRandom(18);
  const valid = new TextDecoder().decode(encodeAnnotation(stroke('fuzz', [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])));
  for (let i = 0; i < 10_000; i += 1) {
    let value: Uint8Array;
    if (i % 2 === 0) {
      value = Uint8Array.from({ length: Math.floor(random() * 80) }, () => Math.floor(random() * 256));
    } else {
      const chars = [...valid];
      for (let m = 0; m < 1 + Math.floor(random() * 3); m += 1)
        chars[Math.floor(random() * chars.length)] = String.fromCharCode(32 + Math.floor(random() * 95));
      value = text(chars.join(''));
    }
    const read = readAnnotationValue(value);
    expect('annotation' in read || 'problem' in read).toBe(true);
    if ('annotation' in read && read.annotation.type === 'stroke') {
      expect(read.annotation.points.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(read.annotation.points.length % 2).toBe(0);
    }
  }
});

test('the board: strokes in the order drawn, a stroke sent again grows in place, erase, clear, the pointer', () => {
  const board = emptyBoard();
  applyAnnotation(board, stroke('a'));
  applyAnnotation(board, stroke('b'));
  applyAnnotation(board, stroke('a', [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]));
  expect([...board.strokes.keys()]).toEqual(['a', 'b']);
  expect(board.strokes.get('a')!.points).toHaveLength(6);
  applyAnnotation(board, { type: 'erase', id: 'a' });
  expect([...board.strokes.keys()]).toEqual(['b']);
  applyAnnotation(board, { type: 'pointer', x: 0.5, y: 0.25 });
  expect(board.pointer).toEqual({ x: 0.5, y: 0.25 });
  applyAnnotation(board, { type: 'clear' });
  applyAnnotation(board, { type: 'pointer', x: null, y: null });
  expect(board).toEqual(emptyBoard());
});
