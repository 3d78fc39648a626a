/** An Electron app's bundled renderer in Debian's Chromium, with a stand-in preload, for a test file. */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { collectPageErrors, launchChromium, serveFolder, TEST_ORIGIN } from './browser-page.js';
import { bundleApp, root } from './electron-app.js';

export interface RendererPages {
  /** test-results/<app>-renderer: screenshots kept as test artifacts. */
  readonly artifacts: string;
  /**
   * A new page on the bundled renderer, with `preload` run first in it as the app's preload would
   * be (it puts a stand-in `window.classcast` there), and the page's errors collected.
   * `beforeLoad` runs on the page before it loads, e.g. to expose the Node functions the stand-in
   * calls while the page starts.
   */
  open(
    preload: () => void,
    viewport: { width: number; height: number },
    beforeLoad?: (page: Page) => Promise<unknown>,
  ): Promise<{ page: Page; errors: string[] }>;
}

/**
 * For a renderer test file: bundles apps/<app>'s renderer and starts Chromium before its tests,
 * and cleans both up after them.
 */
export function useRendererPages(app: string): RendererPages {
  const artifacts = join(root, `test-results/${app}-renderer`);
  let appPath: string | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    appPath = await bundleApp(app, 'renderer');
    browser = await launchChromium();
    await mkdir(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    if (appPath) await rm(appPath, { recursive: true, force: true });
  });
  return {
    artifacts,
    async open(preload, viewport, beforeLoad) {
      if (!browser || !appPath) throw new Error('useRendererPages: open() before the test file started');
      const page = await browser.newPage({ viewport });
      const errors = collectPageErrors(page);
      await serveFolder(page, join(appPath, 'dist/renderer'));
      await page.addInitScript(preload);
      await beforeLoad?.(page);
      await page.goto(`${TEST_ORIGIN}/index.html`);
      return { page, errors };
    },
  };
}
