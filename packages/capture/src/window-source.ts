/**
 * A FrameSource that captures one window, found by title or X window id, with node-screenshots.
 *
 * Each capture looks the window up again by id and takes its picture at its size now, so the share
 * follows the window when it moves or is resized (the frame size changes; the teacher stream sends
 * a keyframe at a new size). A window that is gone ends the share with CC_CAPTURE_WINDOW_CLOSED.
 *
 * node-screenshots lists windows from the window manager's _NET_CLIENT_LIST_STACKING (every EWMH
 * desktop has one; a bare X server has none) and reads titles from _NET_WM_NAME.
 */
import type { Window } from 'node-screenshots';
import { CaptureError, reasonOf } from './errors.js';
import { pullSource, type FrameSource } from './frame-source.js';
import { captureFailed, loadScreenshots, noDisplay, rgbaOf, type RgbaImage, type Screenshots } from './screenshots.js';

/** A case-insensitive part of the title (the top-most match wins), or the X window id. */
export type WindowOptions = { title: string } | { id: number };

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
  let probe: RgbaImage;
  try {
    probe = await rgbaOf(await window.captureImage());
  } catch (error) {
    throw noDisplay(error);
  }
  const name = `window ${label} (id ${id})`;
  return pullSource({ name, width: probe.width, height: probe.height }, async () => {
    const capturedAt = Date.now();
    return { ...(await capture(screenshots, id, label)), pixelFormat: 'rgba', capturedAt };
  });
}

async function capture(screenshots: Screenshots, id: number, label: string): Promise<RgbaImage> {
  const isOpen = () => listWindows(screenshots).some((candidate) => candidate.id() === id);
  try {
    const window = listWindows(screenshots).find((candidate) => candidate.id() === id);
    if (window === undefined) throw windowClosed(label);
    return await rgbaOf(await window.captureImage());
  } catch (error) {
    // A capture that fails because the window went away in between is the same end.
    if (!(error instanceof CaptureError) && !safely(isOpen, true)) throw windowClosed(label);
    throw captureFailed(error);
  }
}

/** The windows, top-most first. Without a window manager that lists them, the refusal says so. */
function listWindows({ Window }: Screenshots): Window[] {
  try {
    return Window.all();
  } catch (error) {
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
