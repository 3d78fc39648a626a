import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, test } from 'vitest';
import { StudentsScreens } from './students-screens.js';

// Rendering only: the clicks go through the real gateway in apps/web's teacher-console test.
const render = (props: Parameters<typeof StudentsScreens>[0]) => renderToStaticMarkup(createElement(StudentsScreens, props));
const decide = () => Promise.resolve({ ok: true as const });

test('the holder has "Take the screen back", each offer Accept and Decline', () => {
  const html = render({ state: { offers: ['bob'], holder: 'ada' }, onDecide: decide });
  expect(html).toMatch(/ada&#x27;s screen is on the class · 1 student offers a screen/);
  expect(html).toMatch(
    /<li data-student="ada" data-kind="holder"><span>ada \(on the class\)<\/span><button type="button" name="take-back">Take the screen back/,
  );
  expect(html).toMatch(
    /<li data-student="bob" data-kind="offer"><span>bob<\/span><button type="button" name="accept">Accept<\/button><button type="button" name="decline">Decline/,
  );
});

test('before the first answer it says so, and a failed read shows its reason', () => {
  const html = render({ state: undefined, problem: 'you may not do that', onDecide: decide });
  expect(html).toMatch(/looking for offers…/);
  expect(html).toMatch(/role="alert">you may not do that</);
  expect(html).not.toMatch(/<li/);
});
