import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, test } from 'vitest';
import { TeacherPanel, type TeacherPanelProps } from './teacher-panel.js';

// Rendering only: clicks and typing are driven in a real Chromium by the teacher app's renderer test.
const noop = () => undefined;
function render(overrides: Partial<TeacherPanelProps> = {}): string {
  const props: TeacherPanelProps = {
    classId: 'physics',
    onClassIdChange: noop,
    sources: [
      { id: 'screen:0:0', name: 'Entire screen', kind: 'screen', thumbnailUrl: 'data:image/png;base64,AA==' },
      { id: 'window:42:0', name: 'Slides', kind: 'window' },
    ],
    sourceId: 'screen:0:0',
    onSourceChange: noop,
    fps: 10,
    onFpsChange: noop,
    quality: 75,
    onQualityChange: noop,
    state: 'idle',
    stats: { sentFrames: 0, fps: 0, bytes: 0 },
    onStart: noop,
    onPause: noop,
    onResume: noop,
    onStop: noop,
    ...overrides,
  };
  return renderToStaticMarkup(createElement(TeacherPanel, props));
}

/** The opening tag of the element with this name attribute (buttons, inputs, selects). */
function tag(html: string, name: string): string {
  const found = new RegExp(`<[a-z]+ [^>]*name="${name}"[^>]*>`).exec(html);
  if (!found) throw new Error(`no element named ${name} in ${html}`);
  return found[0];
}
const enabled = (html: string, name: string) => !/ disabled=""/.test(tag(html, name));

test('idle with a class and a source: start works, pause and stop do not, setup can be edited', () => {
  const html = render();
  expect([enabled(html, 'start'), enabled(html, 'pause'), enabled(html, 'stop')]).toEqual([true, false, false]);
  expect(enabled(html, 'classId')).toBe(true);
  expect(html).toContain('not broadcasting · <span class="cc-watching">students watching: …</span>');
});

test('live: pause and stop work, class and source are locked, the counts show', () => {
  const html = render({ state: 'live', stats: { sentFrames: 42, fps: 10, bytes: 2_000_000, watching: 3 } });
  expect([enabled(html, 'start'), enabled(html, 'pause'), enabled(html, 'stop')]).toEqual([false, true, true]);
  expect(enabled(html, 'classId')).toBe(false);
  expect(html).toMatch(/<fieldset class="cc-source-picker" disabled="">/);
  expect(html).toContain('live · 42 frames · 10.0 fps · 2 MB sent · <span class="cc-watching">3 students watching</span>');
});

test('paused: the pause button becomes resume', () => {
  const html = render({ state: 'paused' });
  expect(enabled(html, 'resume')).toBe(true);
  expect(html).not.toContain('name="pause"');
});

test('screens and windows are listed in their groups, the chosen one checked, thumbnails shown', () => {
  const html = render({ sourceId: 'window:42:0' });
  expect(html.indexOf('Screens')).toBeLessThan(html.indexOf('Entire screen'));
  expect(html.indexOf('Windows')).toBeLessThan(html.indexOf('Slides'));
  expect(tag(html, 'source').includes('checked')).toBe(false);
  expect(html).toMatch(/name="source" checked="" value="window:42:0"/);
  expect(html).toContain('<img src="data:image/png;base64,AA==" alt=""/>');
});

test('a bad class id is explained and blocks start; no source chosen blocks start too', () => {
  const bad = render({ classId: 'physics 7b' });
  expect(bad).toContain('class id &quot;physics 7b&quot; is not valid');
  expect(enabled(bad, 'start')).toBe(false);
  expect(enabled(render({ sourceId: undefined }), 'start')).toBe(false);
});

test('the last error is shown as an alert', () => {
  const html = render({ stats: { sentFrames: 0, fps: 0, bytes: 0, lastError: 'Kafka at 127.0.0.1:9092 is not reachable' } });
  expect(html).toContain('<p class="cc-teacher-error" role="alert">Kafka at 127.0.0.1:9092 is not reachable</p>');
});

test('an "Eyes on me" button when the app gives the callback, disabled without a valid class', () => {
  expect(render()).not.toMatch(/name="eyes-on-me"/);
  const onEyesOnMe = async () => ({ ok: true as const });
  expect(enabled(render({ onEyesOnMe }), 'eyes-on-me')).toBe(true);
  expect(render({ onEyesOnMe })).toMatch(/>Eyes on me<\/button>/);
  expect(enabled(render({ onEyesOnMe, classId: 'no spaces' }), 'eyes-on-me')).toBe(false);
});
