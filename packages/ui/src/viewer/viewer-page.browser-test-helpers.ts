/**
 * The viewer's browser tests: Debian's Chromium with the compositor and the canvas surface
 * bundled into a page whose body is given, so a test drives the real drawing code.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, launchChromium, TEST_ORIGIN } from '../../../../test-support/browser-page.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

export interface ViewerPage {
  browser: Browser;
  page: Page;
  /** Errors the page threw or logged. */
  errors: string[];
}

/** The bundle's exports are `window.viewer` (compositor.ts and canvas-surface.ts). */
export async function openViewerPage(body: string): Promise<ViewerPage> {
  const bundle = await build({
    stdin: { contents: "export * from './compositor.ts'; export * from './canvas-surface.ts';", resolveDir: HERE, loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: 'viewer',
    platform: 'browser',
    write: false,
  });
  const browser = await launchChromium();
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  await page.route(`${TEST_ORIGIN}/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: `<!doctype html>${body}` }));
  await page.goto(`${TEST_ORIGIN}/`);
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  return { browser, page, errors };
}
