import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, test } from 'vitest';
import { EyesOnMePrompt } from './eyes-on-me.js';

// Rendering only: the click into full screen is driven in Chromium by e2e/src/eyes-on-me.test.ts.
const noop = () => undefined;
const render = (props: Parameters<typeof EyesOnMePrompt>[0]) => renderToStaticMarkup(createElement(EyesOnMePrompt, props));

test('a student brought back reads why, and gets a one-click full-screen button', () => {
  const html = render({
    request: { type: 'eyes-on-me', time: 1, text: 'Your teacher asked everyone to look at the screen' },
    onFullScreen: noop,
    onDismiss: noop,
  });
  expect(html).toMatch(/role="alert"/);
  expect(html).toContain('Your teacher asked everyone to look at the screen');
  expect(html).toMatch(/>Go full screen<\/button>/);
});

test('a live student gets only the button; an app that goes full screen itself shows only the reason, or nothing', () => {
  expect(render({ request: { type: 'eyes-on-me', time: 1 }, onFullScreen: noop, onDismiss: noop })).not.toContain('cc-eyes-on-me-text');
  const appOnly = render({ request: { type: 'eyes-on-me', time: 1, text: 'Look' }, onDismiss: noop });
  expect(appOnly).toContain('Look');
  expect(appOnly).not.toContain('Go full screen');
  expect(render({ request: { type: 'eyes-on-me', time: 1 }, onDismiss: noop })).toBe('');
});
