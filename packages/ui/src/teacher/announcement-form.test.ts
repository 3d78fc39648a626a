import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, test } from 'vitest';
import { AnnouncementForm } from './announcement-form.js';

// Rendering only: typing and sending are driven in Chromium by the teacher app's renderer test.
test('the announcement form has a labelled text box and a button that waits for text', () => {
  const html = renderToStaticMarkup(createElement(AnnouncementForm, { onAnnounce: async () => ({ ok: true as const }) }));
  expect(html).toMatch(/<form class="cc-announce">/);
  expect(html).toMatch(/<label for="([^"]+)">Announcement<\/label>.*<input id="\1" maxLength="500" [^>]*name="announcement" value=""/);
  expect(html).toContain('<button type="submit" disabled="">Announce</button>');
});
