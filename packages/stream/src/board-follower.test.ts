/** The board a student is sent, in step with the picture: live, a seek back, a replay forward, a jump, a backed-up transport; and the log's bound. */
import { afterEach, expect, test, vi } from 'vitest';
import type { AnnotationEntry } from '@classcast/kafka';
import type { Annotation, GatewayBoard, GatewayMark, StrokeAnnotation } from '@classcast/protocol';
import { createAnnotationLog } from './annotation-log.js';
import { createBoardFollower } from './board-follower.js';

afterEach(() => vi.useRealTimers());

const line = (id: string): StrokeAnnotation => ({ type: 'stroke', id, tool: 'pen', color: '#e53935', width: 0.01, points: [0.1, 0.1, 0.9, 0.9] });
let offset = 0;
const entry = (time: number, annotation: Annotation, streamId = 'screen-0'): AnnotationEntry => ({
  streamId,
  time,
  annotation,
  partition: 0,
  offset: String(offset++),
});
const told = (messages: Array<GatewayBoard | GatewayMark>) =>
  messages.map((m) =>
    m.type === 'board'
      ? `board ${m.stream} [${m.strokes.map((s) => s.id).join(',')}]`
      : `${m.annotation.type} ${'id' in m.annotation ? m.annotation.id : ''}`.trim(),
  );

test('live: the board on joining, then each mark; a seek back sends the board then, the replay each mark as it passes; back live the board now', () => {
  const log = createAnnotationLog();
  log.append(entry(100, line('a')));
  log.append(entry(200, line('b')));
  const sent: Array<GatewayBoard | GatewayMark> = [];
  const follower = createBoardFollower({ log, tell: (m) => sent.push(m), isBackedUp: () => false });
  follower.live();
  log.append(entry(300, { type: 'erase', id: 'a' }));
  expect(told(sent)).toEqual(['board screen-0 [a,b]', 'erase a']);

  sent.length = 0;
  follower.at(150);
  follower.at(160);
  follower.at(250);
  follower.at(310);
  expect(told(sent)).toEqual(['board screen-0 [a]', 'stroke b', 'erase a']);
  // While replaying, a new mark waits for its time; back at live, the board as it stands.
  sent.length = 0;
  log.append(entry(400, line('c')));
  expect(sent).toEqual([]);
  follower.live();
  expect(told(sent)).toEqual(['board screen-0 [b,c]']);
  follower.close();
});

test('a stream whose board is empty at the picture is sent empty; a far jump ahead is one board; a class without marks sends nothing', () => {
  const silent = createAnnotationLog();
  const none: unknown[] = [];
  const quiet = createBoardFollower({ log: silent, tell: (m) => none.push(m), isBackedUp: () => false });
  quiet.live();
  quiet.at(5);
  expect(none).toEqual([]);
  quiet.close();

  const log = createAnnotationLog();
  for (let i = 0; i < 100; i += 1) log.append(entry(1000 + i, line(`s${i}`), 'screen-1'));
  const sent: Array<GatewayBoard | GatewayMark> = [];
  const follower = createBoardFollower({ log, tell: (m) => sent.push(m), isBackedUp: () => false });
  follower.live();
  sent.length = 0;
  follower.at(500);
  expect(told(sent)).toEqual(['board screen-1 []']);
  sent.length = 0;
  follower.at(2000);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ type: 'board', stream: 'screen-1', strokes: { length: 100 } });
  follower.close();
});

test('a backed-up transport is sent nothing; once it reads again, the whole board, once', () => {
  vi.useFakeTimers();
  const log = createAnnotationLog();
  let backedUp = false;
  const sent: Array<GatewayBoard | GatewayMark> = [];
  const follower = createBoardFollower({ log, tell: (m) => sent.push(m), isBackedUp: () => backedUp });
  follower.live();
  log.append(entry(1, line('a')));
  backedUp = true;
  for (let i = 0; i < 50; i += 1) log.append(entry(2 + i, { ...line('b'), points: [0.1, 0.1, 0.2, i / 100] }));
  expect(told(sent)).toEqual(['stroke a']);
  vi.advanceTimersByTime(1000);
  expect(sent).toHaveLength(1);
  backedUp = false;
  vi.advanceTimersByTime(1000);
  expect(told(sent)).toEqual(['stroke a', 'board screen-0 [a,b]']);
  vi.advanceTimersByTime(5000);
  expect(sent).toHaveLength(2);
  follower.close();
});

test('the log keeps what is on the board when it folds its oldest marks', () => {
  const log = createAnnotationLog(2000);
  for (let i = 0; i < 20; i += 1) log.append(entry(i, line(`s${i}`)));
  log.append(entry(20, { type: 'erase', id: 's0' }));
  expect([...log.boardsAt(Infinity).get('screen-0')!.strokes.keys()]).toEqual(Array.from({ length: 19 }, (_, i) => `s${i + 1}`));
  // Folded away: from before the fold, the board starts at the oldest kept state.
  expect(log.between(-1, 5, 100)).toEqual([]);
  expect(log.boardsAt(25).get('screen-0')!.strokes.size).toBe(19);
});
