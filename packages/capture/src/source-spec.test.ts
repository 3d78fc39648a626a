import { expect, test } from 'vitest';
import { CaptureError } from './errors.js';
import { createSource, parseSourceSpec } from './source-spec.js';

test.each([
  ['test', { kind: 'test' }],
  ['test:1920x1080', { kind: 'test', width: 1920, height: 1080 }],
  ['desktop', { kind: 'desktop' }],
  ['desktop:1', { kind: 'desktop', monitor: 1 }],
  ['desktop:HDMI-1', { kind: 'desktop', monitor: 'HDMI-1' }],
  ['desktop:DP-2.1', { kind: 'desktop', monitor: 'DP-2.1' }],
  ['window:xterm', { kind: 'window', title: 'xterm' }],
  ['window:Lesson 3: fractions - Chromium', { kind: 'window', title: 'Lesson 3: fractions - Chromium' }],
  ['window:#2097164', { kind: 'window', id: 2097164 }],
  ['window:#0x20000c', { kind: 'window', id: 0x20000c }],
  ['region:0,0,640,480', { kind: 'region', x: 0, y: 0, width: 640, height: 480 }],
  ['region:100,50,320,200@1', { kind: 'region', x: 100, y: 50, width: 320, height: 200, monitor: 1 }],
  ['region:100,50,320,200@eDP-1', { kind: 'region', x: 100, y: 50, width: 320, height: 200, monitor: 'eDP-1' }],
  ['folder:/tmp/slides', { kind: 'folder', folder: '/tmp/slides' }],
  ['folder:C:\\lessons\\week 1', { kind: 'folder', folder: 'C:\\lessons\\week 1' }],
])('%s parses', (spec, expected) => {
  expect(parseSourceSpec(spec)).toEqual(expected);
});

const BAD = ['', 'tv', 'Test', 'test:', 'test:1920', 'test:0x10', 'desktop:', 'desktop:-1', 'desktop:1x', 'desktop:HDMI 1', 'folder:', 'folder'];
const BAD_WINDOWS = ['window', 'window:', 'window:#', 'window:#abc', 'window:#0', 'window:#0x'];
const BAD_REGIONS = [
  'region',
  'region:',
  'region:0,0,640',
  'region:0,0,0,480',
  'region:-1,0,10,10',
  'region:0,0,10,10@',
  'region:0,0,10,10@-1',
  'region:1.5,0,10,10',
];

test.each([...BAD, ...BAD_WINDOWS, ...BAD_REGIONS])('%j is refused, naming the accepted forms', (spec) => {
  expect(() => parseSourceSpec(spec)).toThrow(CaptureError);
  expect(() => parseSourceSpec(spec)).toThrow(
    `source "${spec}" is not one of: test, test:WIDTHxHEIGHT, desktop, desktop:N, desktop:NAME, window:TITLE, window:#ID, region:X,Y,W,H, region:X,Y,W,H@N, folder:PATH`,
  );
});

test('createSource makes the test pattern at the asked size', async () => {
  const source = await createSource('test:320x200');
  expect(source).toMatchObject({ width: 320, height: 200 });
  expect((await source.next()).data.length).toBe(320 * 200 * 4);
  await source.close();
});

test('createSource passes the folder on, and its errors through', async () => {
  await expect(createSource('folder:/nonexistent/classcast-slides')).rejects.toMatchObject({
    code: 'CC_CAPTURE_NO_SLIDES',
  });
});
