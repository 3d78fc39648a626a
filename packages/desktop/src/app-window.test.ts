import { expect, test } from 'vitest';
import { appFiles } from './app-window.js';

test('the page and preload are found under dist/, as a file URL and a path', () => {
  expect(appFiles('/opt/classcast teacher/resources/app.asar')).toEqual({
    pageUrl: 'file:///opt/classcast%20teacher/resources/app.asar/dist/renderer/index.html',
    preload: '/opt/classcast teacher/resources/app.asar/dist/preload/preload.cjs',
  });
});
