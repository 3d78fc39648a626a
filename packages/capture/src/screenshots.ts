/**
 * What the desktop, region and window sources share about node-screenshots: loading it (only when
 * such a source is made, so a machine without its native binary still has the test pattern and
 * slides), finding the monitors, and turning its images into RGBA frames with one error per cause.
 *
 * node-screenshots reads DISPLAY from the process environment, but keeps an X connection it has
 * made: Monitor.all() can succeed for a display that is gone and only the capture fail. So each
 * source takes one capture when it opens, and that is what proves there is a display.
 */
import type { Image, Monitor } from 'node-screenshots';
import { CaptureError, reasonOf } from './errors.js';

export type Screenshots = typeof import('node-screenshots');

const NO_DISPLAY_HINT = 'set DISPLAY or use --source test';

/** node-screenshots, once a display is known to be set. */
export async function loadScreenshots(): Promise<Screenshots> {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new CaptureError('CC_CAPTURE_NO_DISPLAY', `no display to capture: ${NO_DISPLAY_HINT}`);
  }
  try {
    return await import('node-screenshots');
  } catch (error) {
    throw noDisplay(error);
  }
}

/**
 * Monitor `which`: an index (0-based, in node-screenshots' order) or a name as the display gives
 * it (`HDMI-1`, any case); by default the primary one, else the first. `chosen` is its index.
 */
export async function openMonitor(which: number | string | undefined): Promise<{ monitor: Monitor; chosen: number }> {
  if (typeof which === 'number' && !(Number.isInteger(which) && which >= 0)) {
    throw new CaptureError('CC_CAPTURE_BAD_OPTIONS', `monitor ${String(which)} is not a whole number >= 0`);
  }
  const { Monitor } = await loadScreenshots();
  let monitors: Monitor[];
  try {
    monitors = Monitor.all();
  } catch (error) {
    throw noDisplay(error);
  }
  if (monitors.length === 0) throw noDisplay(new Error('the display has no monitors'));
  if (typeof which === 'string') {
    const chosen = monitors.findIndex((candidate) => candidate.name().toLowerCase() === which.toLowerCase());
    if (chosen === -1) {
      const names = monitors.map((candidate, i) => `${i} "${candidate.name()}"`).join(', ');
      throw new CaptureError('CC_CAPTURE_NO_MONITOR', `no monitor is named "${which}": this display has ${names}`);
    }
    return { monitor: monitors[chosen]!, chosen };
  }
  const primary = monitors.findIndex((candidate) => candidate.isPrimary());
  const chosen = which ?? Math.max(0, primary);
  const monitor = monitors[chosen];
  if (monitor === undefined) {
    throw new CaptureError(
      'CC_CAPTURE_NO_MONITOR',
      `monitor ${chosen} does not exist: this display has ${monitors.length} (${monitors.map((_, i) => i).join(', ')})`,
    );
  }
  return { monitor, chosen };
}

/** "no display to capture at DISPLAY=:1 (why): set DISPLAY or use --source test" */
export function noDisplay(cause: unknown): CaptureError {
  const where = process.env.DISPLAY ? ` at DISPLAY=${process.env.DISPLAY}` : '';
  const message = `no display to capture${where} (${reasonOf(cause)}): ${NO_DISPLAY_HINT}`;
  return new CaptureError('CC_CAPTURE_NO_DISPLAY', message, { cause });
}

export interface RgbaImage {
  data: Buffer;
  width: number;
  height: number;
}

/** One screenshot as RGBA (node-screenshots' toRaw order on every platform). */
export async function rgbaOf(image: Image): Promise<RgbaImage> {
  const data = await image.toRaw();
  if (data.length !== image.width * image.height * 4) {
    throw new Error(`got ${data.length} bytes for ${image.width}x${image.height}`);
  }
  return { data, width: image.width, height: image.height };
}

/** A capture that failed on a display that was there when the source opened: a later one may well succeed. */
export function captureFailed(error: unknown): CaptureError {
  if (error instanceof CaptureError) return error;
  return new CaptureError('CC_CAPTURE_FAILED', `screen capture failed: ${reasonOf(error)}`, { retriable: true, cause: error });
}
