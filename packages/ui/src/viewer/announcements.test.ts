import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, test } from 'vitest';
import { AnnouncementList, announcementKey, announcementsReducer, INITIAL_ANNOUNCEMENTS, MAX_SHOWN_ANNOUNCEMENTS } from './announcements.js';

const notice = (text: string, time: number) => ({ type: 'announcement', text, time }) as const;

test('newest on top, each notice once (a reconnect repeats recent ones), dismissed ones stay away', () => {
  let state = INITIAL_ANNOUNCEMENTS;
  for (const event of [notice('first', 1000), notice('third', 3000), notice('second', 2000), notice('third', 3000)]) state = announcementsReducer(state, event);
  expect(state.shown.map((a) => a.text)).toEqual(['third', 'second', 'first']);
  state = announcementsReducer(state, { type: 'dismiss', key: announcementKey(notice('third', 3000)) });
  state = announcementsReducer(state, notice('third', 3000));
  expect(state.shown.map((a) => a.text)).toEqual(['second', 'first']);
  for (let i = 0; i < 10; i += 1) state = announcementsReducer(state, notice(`n${i}`, 10_000 + i));
  expect(state.shown).toHaveLength(MAX_SHOWN_ANNOUNCEMENTS);
  expect(state.shown[0]!.text).toBe('n9');
});

test('the list is a live region with a dismiss button per notice; text is escaped, never HTML', () => {
  const html = renderToStaticMarkup(
    createElement(AnnouncementList, { announcements: [notice('<b>Quiz</b> at 10', Date.UTC(2026, 0, 1, 9, 5))], onDismiss: () => undefined }),
  );
  expect(html).toMatch(/^<div class="cc-announcements" role="status" aria-live="polite" aria-label="Announcements">/);
  expect(html).toContain('<span class="cc-announcement-text">&lt;b&gt;Quiz&lt;/b&gt; at 10</span>');
  expect(html).toContain('<time dateTime="2026-01-01T09:05:00.000Z">');
  expect(html).toContain('aria-label="Dismiss announcement: &lt;b&gt;Quiz&lt;/b&gt; at 10"');
});
