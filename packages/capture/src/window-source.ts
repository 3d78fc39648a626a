/**
 * A FrameSource that captures one window, found by title or X window id, with node-screenshots.
 *
 * Each capture looks the window up again by id and takes its picture at its size now, so the share
 * follows the window when it moves or is resized (the frame size changes; the teacher stream sends
 * a keyframe at a new size). A window partly off the screen shares the part on it (X gives no
 * picture of the rest). A window that is gone ends the share with CC_CAPTURE_WINDOW_CLOSED.
 *
 * node-screenshots lists windows from the window manager's _NET_CLIENT_LIST_STACKING (every EWMH
 * desktop has one; a bare X server has none) and reads titles from _NET_WM_NAME.
 */
import type { Window } from 'node-screenshots';
import { pause } from '@classcast/protocol';
import { CaptureError, reasonOf } from './errors.js';
import { pullSource, type FrameSource } from './frame-source.js';
import { captureFailed, loadScreenshots, noDisplay, rgbaOf, type RgbaImage, type Screenshots } from './screenshots.js';

/** A case-insensitive part of the title (the top-most match wins), or the X window id. */
export type WindowOptions = { title: string } | { id: number };

/** How long a failed capture waits to see whether its window is being closed. */
const CLOSING_MS = 250;

/** How many titles a "no such window" refusal names. */
const TITLES_LISTED = 8;

export async function createWindowSource(options: WindowOptions): Promise<FrameSource> {
  const screenshots = await loadScreenshots();
  const windows = listWindows(screenshots);
  const window = windows.find((candidate) => matches(candidate, options));
  if (window === undefined) throw noSuchWindow(options, windows);
  const id = window.id();
  const title = titleOf(window);
  const label = `"${title}"`;
  // Listing the windows proved the display: the probe only learns the size.
  const probe = await capture(screenshots, id, label);
  const name = `window ${label} (id ${id})`;
  return pullSource({ name, width: probe.width, height: probe.height }, async () => {
    const capturedAt = Date.now();
    return { ...(await capture(screenshots, id, label)), pixelFormat: 'rgba', capturedAt };
  });
}

async function capture(screenshots: Screenshots, id: number, label: string): Promise<RgbaImage> {
  const window = listWindows(screenshots).find((candidate) => candidate.id() === id);
  if (window === undefined) throw windowClosed(label);
  try {
    try {
      return await rgbaOf(await window.captureImage());
    } catch (error) {
      return await visiblePart(screenshots, window, label, error);
    }
  } catch (error) {
    // A window closed while it was captured is the same end as one found closed; X and the window
    // manager may take a moment to forget it (an xterm unmaps its window before destroying it).
    if (isGone(screenshots, window)) throw windowClosed(label);
    await pause(CLOSING_MS);
    if (isGone(screenshots, window)) throw windowClosed(label);
    throw captureFailed(error);
  }
}

/** Not listed any more, or X no longer knows it. */
function isGone(screenshots: Screenshots, window: Window): boolean {
  const listed = safely(() => listWindows(screenshots).some((candidate) => candidate.id() === window.id()), true);
  return !listed || !safely(() => window.width() > 0, false);
}

/**
 * X refuses the picture of a window that is partly off the screen: then the part on the monitor
 * that shows most of it, from a capture of that monitor (windows above it show too, as the class
 * would see the screen). Any other failure is passed on.
 */
async function visiblePart({ Monitor }: Screenshots, window: Window, label: string, cause: unknown): Promise<RgbaImage> {
  const bounds = { x: window.x(), y: window.y(), width: window.width(), height: window.height() };
  const monitors = Monitor.all().map((monitor) => ({ monitor, area: { x: monitor.x(), y: monitor.y(), width: monitor.width(), height: monitor.height() } }));
  const screen = monitors.map(({ area }) => area).reduce(union);
  const onScreen = overlap(bounds, screen);
  if (onScreen.width === bounds.width && onScreen.height === bounds.height) throw cause;
  const shown = monitors
    .map(({ monitor, area }) => ({ monitor, part: overlap(bounds, area) }))
    .filter(({ part }) => part.width > 0 && part.height > 0)
    .sort((a, b) => b.part.width * b.part.height - a.part.width * a.part.height)[0];
  if (shown === undefined) {
    const reason = `the shared window ${label} is off the screen: move it back to share it`;
    throw new CaptureError('CC_CAPTURE_FAILED', reason, { retriable: true, cause });
  }
  const { monitor, part } = shown;
  const image = await monitor.captureImage();
  return rgbaOf(await image.crop(part.x - monitor.x(), part.y - monitor.y(), part.width, part.height));
}

interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

function union(a: Rectangle, b: Rectangle): Rectangle {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

function overlap(a: Rectangle, b: Rectangle): Rectangle {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.min(a.x + a.width, b.x + b.width) - x, height: Math.min(a.y + a.height, b.y + b.height) - y };
}

/** The windows, top-most first. Without a window manager that lists them, the refusal says so. */
function listWindows({ Window, Monitor }: Screenshots): Window[] {
  try {
    return Window.all();
  } catch (error) {
    if (!safely(() => Monitor.all().length > 0, false)) throw noDisplay(error);
    throw new CaptureError(
      'CC_CAPTURE_NO_WINDOW',
      `the windows of this display cannot be listed (${reasonOf(error)}): share a monitor (desktop:N) or a region (region:X,Y,W,H) instead`,
      { cause: error },
    );
  }
}

function matches(window: Window, options: WindowOptions): boolean {
  if ('id' in options) return window.id() === options.id;
  return titleOf(window).toLowerCase().includes(options.title.toLowerCase());
}

/** node-screenshots throws for a title it cannot decode: such a window has no title to match. */
function titleOf(window: Window): string {
  return safely(() => window.title(), '');
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** `no window has "foo" in its title; the windows are "xterm", "Lesson 3 - Chromium" and 4 more` */
function noSuchWindow(options: WindowOptions, windows: Window[]): CaptureError {
  const titles = windows.map(titleOf).filter((title) => title !== '');
  const named = titles
    .slice(0, TITLES_LISTED)
    .map((title) => `"${title}"`)
    .join(', ');
  const more = titles.length > TITLES_LISTED ? ` and ${titles.length - TITLES_LISTED} more` : '';
  const there = titles.length === 0 ? 'there are no windows with a title' : `the windows are ${named}${more}`;
  const what = 'id' in options ? `no window has the id ${options.id}` : `no window has "${options.title}" in its title`;
  return new CaptureError('CC_CAPTURE_NO_WINDOW', `${what}; ${there}`);
}

function windowClosed(label: string): CaptureError {
  return new CaptureError('CC_CAPTURE_WINDOW_CLOSED', `the shared window ${label} was closed: the broadcast ends`);
}
