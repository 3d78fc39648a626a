import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, test } from 'vitest';
import { StatusBadge } from './status-badge.js';
import { describePlace, formatOffset, jumpProblem, parseJump, parseOffset, Timeline } from './timeline.js';

test('times are shown and typed as offsets from the lesson start', () => {
  expect(formatOffset(0)).toBe('0:00');
  expect(formatOffset(65_900)).toBe('1:05');
  expect(formatOffset(3_723_000)).toBe('1:02:03');
  expect(parseOffset('1:05')).toBe(65_000);
  expect(parseOffset(' 90 ')).toBe(90_000);
  expect(parseOffset('1:02:03')).toBe(3_723_000);
  for (const bad of ['', 'a', '1:2:3:4', '-5', '1.5']) expect(parseOffset(bad), bad).toBeUndefined();
});

test('the jump field takes a time from the lesson start or a Kafka offset', () => {
  expect(parseJump('1:05')).toEqual({ fromStartMs: 65_000 });
  expect(parseJump('#1234')).toEqual({ kafkaOffset: '1234' });
  expect(parseJump(' # 007 ')).toEqual({ kafkaOffset: '7' });
  for (const bad of ['#', '#-1', '#1.5', '#x', '#12345678901234567890']) expect(parseJump(bad), bad).toBeUndefined();
});

test('the timeline shows the Kafka offset of the picture on screen once it is known', () => {
  const timeline = {
    type: 'timeline',
    start: 1_000_000,
    end: 1_065_000,
    position: 1_030_000,
    mode: 'replay',
    speed: 1,
    at: { partition: 0, offset: '300' },
  } as const;
  expect(renderToStaticMarkup(createElement(Timeline, { timeline, control: () => undefined }))).toMatch(
    /<span class="cc-offset" title="Kafka partition 0, offset 300">#300<\/span>/,
  );
});

test('the timeline draws the lesson so far and where the student is', () => {
  const timeline = { type: 'timeline', start: 1_000_000, end: 1_065_000, position: 1_030_000, mode: 'paused', speed: 0 } as const;
  const html = renderToStaticMarkup(createElement(Timeline, { timeline, control: () => undefined }));
  expect(html).toMatch(/<input type="range" aria-label="Lesson time" min="1000000" max="1065000" step="100" value="1030000"\/>/);
  expect(html).toContain('0:30 / 1:05');
  expect(html).toContain('>Play</button>');
  expect(html).toMatch(/<button type="button" class="cc-back-to-live">Back to live<\/button>/);
  const live = renderToStaticMarkup(createElement(Timeline, { timeline: { ...timeline, mode: 'live', speed: 1 }, control: () => undefined }));
  expect(live).toMatch(/<button type="button" class="cc-back-to-live" disabled="">Back to live<\/button>/);
  expect(live).toContain('1:05 / 1:05');
});

test('in replay and paused the timeline shows the picture on screen, not the last report', () => {
  const timeline = { type: 'timeline', start: 1_000_000, end: 1_065_000, position: 1_030_000, mode: 'replay', speed: 2 } as const;
  const html = renderToStaticMarkup(createElement(Timeline, { timeline, control: () => undefined, pictureTime: 1_033_000 }));
  expect(html).toMatch(/ value="1033000"/);
  expect(html).toContain('0:33 / 1:05');
  expect(html).toContain('<span class="cc-where">32 s behind</span>');
});

test('the student reads where they are in words', () => {
  expect(describePlace('live', 65_000, 0)).toBe('live');
  expect(describePlace('replay', 30_000, 12_400)).toBe('12 s behind');
  expect(describePlace('replay', 0, 185_000)).toBe('3 min 05 s behind');
  expect(describePlace('paused', 42_500, 20_000)).toBe('paused at 0:42');
});

test('a jump that cannot be made says why', () => {
  expect(jumpProblem('yesterday', parseJump('yesterday'), 65_000)).toBe('"yesterday" is not a time in the lesson: type minutes and seconds, like 1:05');
  expect(jumpProblem('2:00', parseJump('2:00'), 65_000)).toBe('The lesson is 1:05 long so far: pick a time up to that');
  expect(jumpProblem('0:30', parseJump('0:30'), 65_000)).toBeUndefined();
  expect(jumpProblem('#12', parseJump('#12'), 65_000)).toBeUndefined();
});

test('the badge says replay or paused while the stream is fine, and a lost stream still says so', () => {
  expect(renderToStaticMarkup(createElement(StatusBadge, { status: 'live', mode: 'replay' }))).toMatch(/data-status="replay"[^>]*>replay</);
  expect(renderToStaticMarkup(createElement(StatusBadge, { status: 'live', mode: 'paused' }))).toMatch(/data-status="paused"[^>]*>paused</);
  expect(renderToStaticMarkup(createElement(StatusBadge, { status: 'live', mode: 'live' }))).toMatch(/data-status="live"[^>]*>live</);
  expect(renderToStaticMarkup(createElement(StatusBadge, { status: 'reconnecting', mode: 'replay' }))).toMatch(/data-status="reconnecting"/);
});
