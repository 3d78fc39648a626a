/**
 * Screenshots compared against committed baselines (e2e/screenshots/<name>.png), with sharp:
 * both pictures decoded to RGBA, a pixel counts as different when a channel differs by more than
 * CHANNEL_TOLERANCE, and the screenshot matches while at most MAX_DIFFERENT_RATIO of its pixels
 * do (anti-aliasing and JPEG decoding may move a few). A mismatch leaves the actual picture and a
 * diff (differences in red) in e2e/test-results/ for a look.
 *
 * CLASSCAST_UPDATE_SCREENSHOTS=1 writes the baselines instead of comparing (review, then commit them).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import sharp, { type OutputInfo } from 'sharp';
import { RESULTS_DIR } from './student-page.js';

export const BASELINE_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));
export const UPDATE_SCREENSHOTS = process.env.CLASSCAST_UPDATE_SCREENSHOTS === '1';
const CHANNEL_TOLERANCE = 24;
const MAX_DIFFERENT_RATIO = 0.002;

export interface ScreenshotComparison {
  name: string;
  /** Pixels over the channel tolerance, and their share of the picture. */
  different: number;
  ratio: number;
  updated: boolean;
}

/**
 * Takes a screenshot of `page` (with `mask` painted over: what moves with the clock) and compares it
 * with the baseline; throws, naming the files to look at, when they differ.
 */
export async function expectScreenshot(page: Page, name: string, mask: Locator[] = []): Promise<ScreenshotComparison> {
  const actual = await page.screenshot({ mask, maskColor: '#ff00ff', animations: 'disabled', caret: 'hide' });
  const baselinePath = join(BASELINE_DIR, `${name}.png`);
  if (UPDATE_SCREENSHOTS) {
    await mkdir(BASELINE_DIR, { recursive: true });
    await writeFile(baselinePath, actual);
    return { name, different: 0, ratio: 0, updated: true };
  }
  await mkdir(RESULTS_DIR, { recursive: true });
  const actualPath = join(RESULTS_DIR, `${name}.actual.png`);
  await writeFile(actualPath, actual);
  const baseline = await readFile(baselinePath).catch(() => undefined);
  if (!baseline) throw new Error(`no baseline ${baselinePath}: look at ${actualPath}, then run with CLASSCAST_UPDATE_SCREENSHOTS=1 to write it`);
  const comparison = await comparePictures(baseline, actual);
  if ('sizes' in comparison) throw new Error(`${name}: the screenshot is ${comparison.sizes.actual}, the baseline ${comparison.sizes.baseline}`);
  const result = { name, different: comparison.different, ratio: comparison.different / comparison.pixels, updated: false };
  if (result.ratio > MAX_DIFFERENT_RATIO) {
    const diffPath = join(RESULTS_DIR, `${name}.diff.png`);
    await writeFile(diffPath, comparison.diff);
    throw new Error(
      `${name}: ${result.different} pixels (${(result.ratio * 100).toFixed(2)} %) differ from ${baselinePath} ` +
        `(at most ${MAX_DIFFERENT_RATIO * 100} % may): see ${actualPath} and ${diffPath}`,
    );
  }
  return result;
}

type Comparison = { pixels: number; different: number; diff: Buffer } | { sizes: { baseline: string; actual: string } };

/** Pixel by pixel; the diff shows the baseline faded, with the differing pixels in red. */
export async function comparePictures(baselinePng: Buffer, actualPng: Buffer): Promise<Comparison> {
  const [baseline, actual] = await Promise.all([baselinePng, actualPng].map((png) => sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })));
  const size = (info: OutputInfo) => `${info.width}×${info.height}`;
  if (baseline!.info.width !== actual!.info.width || baseline!.info.height !== actual!.info.height) {
    return { sizes: { baseline: size(baseline!.info), actual: size(actual!.info) } };
  }
  const { width, height } = actual!.info;
  const a = baseline!.data;
  const b = actual!.data;
  const diff = Buffer.alloc(a.length);
  let different = 0;
  for (let i = 0; i < a.length; i += 4) {
    const off =
      Math.abs(a[i]! - b[i]!) > CHANNEL_TOLERANCE || Math.abs(a[i + 1]! - b[i + 1]!) > CHANNEL_TOLERANCE || Math.abs(a[i + 2]! - b[i + 2]!) > CHANNEL_TOLERANCE;
    if (off) different += 1;
    diff[i] = off ? 255 : a[i]! >> 2;
    diff[i + 1] = off ? 0 : a[i + 1]! >> 2;
    diff[i + 2] = off ? 0 : a[i + 2]! >> 2;
    diff[i + 3] = 255;
  }
  return {
    pixels: width * height,
    different,
    diff: await sharp(diff, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer(),
  };
}
