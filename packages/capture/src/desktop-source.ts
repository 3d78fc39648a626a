/**
 * A FrameSource that captures a monitor of the real desktop with node-screenshots (X11 on Linux,
 * also macOS and Windows). node-screenshots is loaded only when a desktop source is made, so a
 * machine without its native binary can still use the test pattern and slides.
 *
 * node-screenshots reads DISPLAY from the process environment, but keeps an X connection it has
 * made: Monitor.all() can succeed for a display that is gone and only the capture fail. So the
 * one capture taken when the source opens is what proves there is a display.
 */
import type { Monitor } from 'node-screenshots';
import { CaptureError, reasonOf } from './errors.js';
import { pullSource, type FrameSource } from './frame-source.js';

export interface DesktopOptions {
  /** Index into the display's monitors (0, 1, ...); default the primary monitor, else the first. */
  monitor?: number;
}

const NO_DISPLAY_HINT = 'set DISPLAY or use --source test';

/**
 * Opens a monitor and takes one capture to learn its real size and prove capture works, so a
 * missing display fails here with CC_CAPTURE_NO_DISPLAY, not at the first frame.
 */
export async function createDesktopSource({ monitor: index }: DesktopOptions = {}): Promise<FrameSource> {
  if (index !== undefined && !(Number.isInteger(index) && index >= 0)) {
    throw new CaptureError('CC_CAPTURE_BAD_OPTIONS', `monitor ${String(index)} is not a whole number >= 0`);
  }
  const monitors = await listMonitors();
  const primary = monitors.findIndex((candidate) => candidate.isPrimary());
  const chosen = index ?? Math.max(0, primary);
  const monitor = monitors[chosen];
  if (monitor === undefined) {
    throw new CaptureError(
      'CC_CAPTURE_NO_MONITOR',
      `monitor ${chosen} does not exist: this display has ${monitors.length} (${monitors.map((_, i) => i).join(', ')})`,
    );
  }
  let probe: Awaited<ReturnType<typeof capture>>;
  try {
    probe = await capture(monitor);
  } catch (error) {
    throw noDisplay(error);
  }
  const name = `desktop: monitor ${chosen} "${monitor.name()}"`;
  return pullSource({ name, width: probe.width, height: probe.height }, async () => {
    const capturedAt = Date.now();
    return { ...(await capture(monitor)), pixelFormat: 'rgba', capturedAt };
  });
}

async function listMonitors(): Promise<Monitor[]> {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new CaptureError('CC_CAPTURE_NO_DISPLAY', `no display to capture: ${NO_DISPLAY_HINT}`);
  }
  let monitors: Monitor[];
  try {
    const { Monitor } = await import('node-screenshots');
    monitors = Monitor.all();
  } catch (error) {
    throw noDisplay(error);
  }
  if (monitors.length === 0) throw noDisplay(new Error('the display has no monitors'));
  return monitors;
}

/** "no display to capture at DISPLAY=:1 (why): set DISPLAY or use --source test" */
function noDisplay(cause: unknown): CaptureError {
  const where = process.env.DISPLAY ? ` at DISPLAY=${process.env.DISPLAY}` : '';
  const message = `no display to capture${where} (${reasonOf(cause)}): ${NO_DISPLAY_HINT}`;
  return new CaptureError('CC_CAPTURE_NO_DISPLAY', message, { cause });
}

/** One screenshot as RGBA (node-screenshots' toRaw order on every platform). */
async function capture(monitor: Monitor): Promise<{ data: Buffer; width: number; height: number }> {
  try {
    const image = await monitor.captureImage();
    const data = await image.toRaw();
    if (data.length !== image.width * image.height * 4) {
      throw new Error(`got ${data.length} bytes for ${image.width}x${image.height}`);
    }
    return { data, width: image.width, height: image.height };
  } catch (error) {
    // The display was there when the source opened: a later attempt may well succeed.
    throw new CaptureError('CC_CAPTURE_FAILED', `screen capture failed: ${reasonOf(error)}`, {
      retriable: true,
      cause: error,
    });
  }
}
