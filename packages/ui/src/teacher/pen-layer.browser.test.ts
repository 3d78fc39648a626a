/**
 * The pen layer in Debian's Chromium, with real pointer events from Playwright's mouse: a drag
 * becomes a stroke in fractions of the layer's box, sent as it grows (same id, at most ten times a
 * second) and once at the end; the highlighter, the pointer (hidden on leaving), erase last and
 * clear come out as the annotations of protocol annotation.ts, and the teacher sees the stroke.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Annotation } from '@classcast/protocol';
import { collectPageErrors, launchChromium, TEST_ORIGIN } from '../../../../test-support/browser-page.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
let browser: Browser;
let page: Page;
let errors: string[];

const ENTRY = `
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { PenLayer, PEN_CSS } from './pen-layer.tsx';
const sent = [];
window.sent = sent;
const style = document.createElement('style');
style.textContent = PEN_CSS + 'body { margin: 0 } #root { width: 400px } .picture { height: 200px; background: #fff }';
document.head.append(style);
createRoot(document.getElementById('root')).render(
  createElement(PenLayer, { onAnnotation: (annotation) => sent.push({ at: performance.now(), annotation }) },
    createElement('div', { className: 'picture' })),
);
`;

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: ENTRY, resolveDir: HERE, loader: 'tsx' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 600, height: 400 } });
  errors = collectPageErrors(page);
  await page.route(`${TEST_ORIGIN}/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><div id="root"></div>' }));
  await page.goto(`${TEST_ORIGIN}/`);
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  await page.waitForSelector('.cc-pen-surface');
});
afterAll(async () => {
  await browser?.close();
});

type Sent = { at: number; annotation: Annotation };
const sent = async (from = 0): Promise<Sent[]> => ((await page.evaluate(() => (window as unknown as { sent: Sent[] }).sent)) as Sent[]).slice(from);

test('a drag is a stroke in fractions of the box, sent as it grows at most ten times a second and once at the end', async () => {
  const box = (await page.locator('.cc-pen-surface').boundingBox())!;
  expect(box.width).toBe(400);
  await page.mouse.move(box.x + 40, box.y + 50);
  await page.mouse.down();
  // One second of drawing, 60 moves a second, from (0.1, 0.25) to (0.9, 0.75).
  for (let i = 1; i <= 60; i += 1) {
    await page.mouse.move(box.x + 40 + (320 * i) / 60, box.y + 50 + (100 * i) / 60);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const strokes = (await sent()).filter((s) => s.annotation.type === 'stroke');
  const ids = new Set(strokes.map((s) => (s.annotation.type === 'stroke' ? s.annotation.id : '')));
  expect(ids.size).toBe(1);
  // Growing: sent again several times, never more often than every 100 ms (a little slack for the timer).
  expect(strokes.length).toBeGreaterThanOrEqual(4);
  const drawingMs = strokes.at(-1)!.at - strokes[0]!.at;
  expect(strokes.length).toBeLessThanOrEqual(Math.ceil(drawingMs / 100) + 2);
  for (let i = 2; i < strokes.length - 1; i += 1) expect(strokes[i]!.at - strokes[i - 1]!.at).toBeGreaterThanOrEqual(90);
  const last = strokes.at(-1)!.annotation;
  expect(last).toMatchObject({ type: 'stroke', tool: 'pen', color: '#e53935', width: 0.004 });
  if (last.type !== 'stroke') throw new Error('not a stroke');
  expect(last.points.slice(0, 2)).toEqual([0.1, 0.25]);
  expect(last.points.at(-2)).toBeCloseTo(0.9, 2);
  expect(last.points.at(-1)).toBeCloseTo(0.75, 2);
  expect(last.points.every((value) => value >= 0 && value <= 1)).toBe(true);
  // The teacher sees it: the path is drawn over the picture.
  expect(await page.locator(`.cc-pen-marks path[data-stroke="${last.id}"]`).count()).toBe(1);
  expect(errors).toEqual([]);
});

test('highlighter, colour, pointer (hidden on leaving), erase last and clear', async () => {
  const box = (await page.locator('.cc-pen-surface').boundingBox())!;
  const from = (await sent()).length;
  await page.click('button[name="tool-highlighter"]');
  await page.click('button[name="color-1e88e5"]');
  await page.mouse.move(box.x + 200, box.y + 100);
  await page.mouse.down();
  await page.mouse.move(box.x + 300, box.y + 100, { steps: 5 });
  await page.mouse.up();
  await page.click('button[name="tool-pointer"]');
  await page.mouse.move(box.x + 100, box.y + 50);
  await page.waitForTimeout(150);
  await page.mouse.move(box.x + 120, box.y + 60);
  await page.mouse.move(box.x + 500, box.y + 300);
  await page.click('button[name="erase-last"]');
  await page.click('button[name="clear"]');
  const annotations = (await sent(from)).map((s) => s.annotation);
  const highlight = annotations.filter((a) => a.type === 'stroke').at(-1);
  expect(highlight).toMatchObject({ tool: 'highlighter', color: '#1e88e5', width: 0.025, points: expect.arrayContaining([0.5, 0.5]) });
  const pointers = annotations.filter((a) => a.type === 'pointer');
  expect(pointers[0]).toEqual({ type: 'pointer', x: 0.25, y: 0.25 });
  expect(pointers.at(-1)).toEqual({ type: 'pointer', x: null, y: null });
  expect(annotations.slice(-2)).toEqual([{ type: 'erase', id: highlight?.type === 'stroke' ? highlight.id : '' }, { type: 'clear' }]);
  expect(await page.locator('.cc-pen-marks path').count()).toBe(0);
  expect(errors).toEqual([]);
});
