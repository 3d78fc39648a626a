import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, test } from 'vitest';
import { createFeedHub } from './frame-feed.js';
import { JoinScreen } from './join-screen.js';
import { describeFigures, Viewer } from './viewer.js';
import { INITIAL_VIEWER_STATE } from './viewer-figures.js';

/** The opening tag of the element with this id. */
function tag(html: string, id: string): string {
  const found = new RegExp(`<[a-z]+ id="${id}"[^>]*>`).exec(html);
  if (!found) throw new Error(`no element #${id} in ${html}`);
  return found[0];
}

// Rendering only; typing, joining and painting are driven in Chromium by the e2e tests.
test('the join screen asks for the class and the name, filled in from `initial`, and shows a refusal', () => {
  const html = renderToStaticMarkup(
    createElement(JoinScreen, { onJoin: () => undefined, initial: { classId: 'physics' }, refused: 'ada is already watching' }),
  );
  expect(tag(html, 'cc-join-classId')).toMatch(/ name="classId".* value="physics"/);
  expect(tag(html, 'cc-join-student')).toMatch(/ name="student".* value=""/);
  expect(html).toMatch(/<p class="cc-refused" role="alert">ada is already watching<\/p>/);
});

test('the viewer starts with the connecting badge, no picture yet, and its controls', () => {
  const feed = { ...createFeedHub(), close: () => undefined };
  const html = renderToStaticMarkup(createElement(Viewer, { feed, title: 'physics · ada', onLeave: () => undefined }));
  expect(html).toMatch(/<span class="cc-badge" data-status="connecting"[^>]*>connecting…<\/span>/);
  expect(html).toMatch(/<canvas [^>]*hidden=""/);
  for (const label of ['Actual size', 'Full screen', 'Leave']) expect(html).toContain(`>${label}</button>`);
});

test('the figures, for teachers under Details, give the delay only live (a replayed picture is old by choice)', () => {
  expect(describeFigures(INITIAL_VIEWER_STATE.figures)).toBe('– fps · – ms delay · 0 skipped · 0 dropped');
  const figures = { ...INITIAL_VIEWER_STATE.figures, fps: 9.96, latencyMs: 84.4, skipped: 2, dropped: 5 };
  expect(describeFigures(figures)).toBe('10.0 fps · 84 ms delay · 2 skipped · 5 dropped');
  expect(describeFigures({ ...figures, latencyMs: 68_696 }, 'replay')).toBe('10.0 fps · 2 skipped · 5 dropped');
  const feed = { ...createFeedHub(), close: () => undefined };
  expect(renderToStaticMarkup(createElement(Viewer, { feed }))).toMatch(/<details class="cc-details"><summary>Details<\/summary><span class="cc-figures">/);
});
