/**
 * Issue 16, item 5, in Debian's Chromium: the browser viewer's compositor (the real decoder and
 * canvas surface) meets decompression bombs among real keyframes. It refuses them undecoded,
 * counts them as failed (the viewer shows them as skipped, with the reason), keeps the picture
 * it had, stays responsive, and its renderer's memory does not grow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { jpegBomb, pngBomb, webpBomb } from '@classcast/protocol/testing';
import { openViewerPage } from './viewer-page.browser-test-helpers.js';

const MB = 1024 * 1024;
let browser: Browser | undefined;
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ browser, page, errors } = await openViewerPage('<canvas id="screen"></canvas>'));
});
afterAll(async () => {
  await browser?.close();
});

/** Resident memory of every process descended from this one (Chromium's browser, GPU and renderer processes). */
function descendantsRss(root = process.pid): number {
  const parents = new Map<number, number>();
  for (const entry of readdirNumeric('/proc')) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(entry, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const isDescendant = (pid: number): boolean => pid !== 0 && (parents.get(pid) === root || isDescendant(parents.get(pid) ?? 0));
  let total = 0;
  for (const pid of parents.keys()) {
    if (!isDescendant(pid)) continue;
    try {
      total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      // ended
    }
  }
  return total;
}

function readdirNumeric(folder: string): number[] {
  return readdirSync(folder)
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

test('bombs of each codec among real keyframes: refused undecoded, counted, picture kept, page responsive, memory flat', async () => {
  const real = await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#3080c0' } })
    .jpeg()
    .toBuffer();
  const forged = {
    png: base64(await pngBomb(16000, 16000)),
    jpeg: base64(jpegBomb(16000, 16000)),
    webp: base64(webpBomb(16000, 16000)),
  };
  await page.evaluate(
    async ({ realJpeg, bombs }) => {
      const { createCompositor, canvasPictureDecoder, createCanvasSurface } = (
        window as unknown as { viewer: typeof import('./compositor.js') & typeof import('./canvas-surface.js') }
      ).viewer;
      const failures: string[] = [];
      const compositor = createCompositor({
        decoder: canvasPictureDecoder,
        surface: createCanvasSurface(document.querySelector('canvas')!),
        onFailure: (error) => failures.push(`${error.code}: ${error.message}`),
      });
      const bytes = Uint8Array.from(atob(realJpeg), (c) => c.charCodeAt(0));
      const frame = {
        streamId: 'screen-0',
        kind: 'key' as const,
        codec: 'jpeg' as const,
        width: 1280,
        height: 720,
        sequence: 1,
        keySequence: 1,
        captureTime: Date.now(),
        keyCaptureTime: Date.now(),
        payload: bytes,
      };
      compositor.push(frame);
      await compositor.idle();
      // The bombs as bytes before anything is measured: turning base64 into bytes is the test's cost.
      const payloads = Object.entries(bombs).map(([codec, encoded]) => [codec, Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0))]);
      Object.assign(window, { compositor, failures, frame, payloads });
    },
    { realJpeg: real.toString('base64'), bombs: forged },
  );
  const before = descendantsRss();

  const result = await page.evaluate(async () => {
    const { compositor, failures, frame, payloads } = window as unknown as {
      payloads: Array<['png' | 'jpeg' | 'webp', Uint8Array]>;
      compositor: ReturnType<typeof import('./compositor.js').createCompositor>;
      failures: string[];
      frame: Parameters<ReturnType<typeof import('./compositor.js').createCompositor>['push']>[0];
    };
    // The main thread's longest pause while the bombs go through: a freeze shows here.
    let last = performance.now();
    let longestGapMs = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    let sequence = 100;
    for (const [codec, payload] of payloads) {
      // Headers consistent with the bomb, and frame headers that lie (4K) about the same bytes.
      for (const [width, height] of [
        [16000, 16000],
        [3840, 2160],
      ] as const) {
        sequence += 1;
        compositor.push({ ...frame, codec, width, height, sequence, keySequence: sequence, payload });
      }
    }
    await compositor.idle();
    const elapsedMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
    clearInterval(ticker);
    // Still alive, and still the real picture: the next real keyframe draws at once.
    compositor.push({ ...frame, sequence: 200, keySequence: 200 });
    await compositor.idle();
    const canvas = document.querySelector('canvas')!;
    const pixel = [...canvas.getContext('2d')!.getImageData(640, 360, 1, 1).data];
    return { failures, stats: compositor.stats, elapsedMs, longestGapMs, size: [canvas.width, canvas.height], pixel };
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const grewMb = (descendantsRss() - before) / MB;
  console.log(
    `Chromium: 6 forged keyframes refused in ${result.elapsedMs.toFixed(1)} ms, longest main-thread gap ${result.longestGapMs.toFixed(1)} ms, Chromium processes' rss +${grewMb.toFixed(1)} MB`,
  );
  expect(result.failures).toHaveLength(6);
  for (const failure of result.failures)
    expect(failure).toMatch(/^CC_PICTURE_TOO_LARGE: keyframe \d+ (is 16000x16000 by its frame header|declares 16000x16000 in its (png|jpeg|webp) header)/);
  expect(result.stats).toMatchObject({ failed: 6, applied: 2 });
  expect(result.size).toEqual([1280, 720]);
  expect(result.pixel.slice(0, 3).map((v) => Math.round(v / 16))).toEqual([3, 8, 12]);
  expect(result.elapsedMs).toBeLessThan(100);
  expect(result.longestGapMs).toBeLessThan(100);
  expect(grewMb).toBeLessThan(64);
  expect(errors).toEqual([]);
});
