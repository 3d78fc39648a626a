import { expect, test } from 'vitest';
import { CaptureError } from './errors.js';
import { createSource, parseSourceSpec } from './source-spec.js';

test.each([
  ['test', { kind: 'test' }],
  ['test:1920x1080', { kind: 'test', width: 1920, height: 1080 }],
  ['desktop', { kind: 'desktop' }],
  ['desktop:1', { kind: 'desktop', monitor: 1 }],
  ['folder:/tmp/slides', { kind: 'folder', folder: '/tmp/slides' }],
  ['folder:C:\\lessons\\week 1', { kind: 'folder', folder: 'C:\\lessons\\week 1' }],
])('%s parses', (spec, expected) => {
  expect(parseSourceSpec(spec)).toEqual(expected);
});

test.each(['', 'tv', 'Test', 'test:', 'test:1920', 'test:0x10', 'desktop:', 'desktop:-1', 'desktop:one', 'folder:', 'folder'])(
  '%j is refused, naming the accepted forms',
  (spec) => {
    expect(() => parseSourceSpec(spec)).toThrow(CaptureError);
    expect(() => parseSourceSpec(spec)).toThrow(`source "${spec}" is not one of: test, test:WIDTHxHEIGHT, desktop, desktop:N, folder:PATH`);
  },
);

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
