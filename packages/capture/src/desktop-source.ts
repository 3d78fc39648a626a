/**
 * A FrameSource that captures a monitor of the real desktop, or a rectangle of one, with
 * node-screenshots (X11 on Linux, also macOS and Windows).
 */
import type { Monitor } from 'node-screenshots';
import { CaptureError } from './errors.js';
import { pullSource, type FrameSource } from './frame-source.js';
import { captureFailed, noDisplay, openMonitor, rgbaOf, type RgbaImage } from './screenshots.js';

export interface DesktopOptions {
  /** Index into the display's monitors (0, 1, ...) or a monitor's name; default the primary monitor, else the first. */
  monitor?: number | string;
}

/** A rectangle of a monitor, in that monitor's pixels (0,0 its top left). */
export interface RegionOptions extends DesktopOptions {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Opens a monitor and takes one capture to learn its real size and prove capture works, so a
 * missing display fails here with CC_CAPTURE_NO_DISPLAY, not at the first frame.
 */
export async function createDesktopSource({ monitor: index }: DesktopOptions = {}): Promise<FrameSource> {
  const { monitor, chosen } = await openMonitor(index);
  const probe = await probeMonitor(monitor);
  const name = `desktop: monitor ${chosen} "${monitor.name()}"`;
  return pullSource({ name, width: probe.width, height: probe.height }, async () => {
    const capturedAt = Date.now();
    return { ...(await capture(monitor)), pixelFormat: 'rgba', capturedAt };
  });
}

/**
 * The same for a rectangle of the monitor: refused at once (CC_CAPTURE_BAD_OPTIONS) unless the
 * whole rectangle lies on the monitor, measured by the probe capture.
 */
export async function createRegionSource(region: RegionOptions): Promise<FrameSource> {
  const { x, y, width, height } = region;
  if (![x, y].every((n) => Number.isInteger(n) && n >= 0) || ![width, height].every((n) => Number.isInteger(n) && n >= 1)) {
    throw new CaptureError('CC_CAPTURE_BAD_OPTIONS', `region ${x},${y},${width},${height} needs whole numbers, a width and a height of 1 or more`);
  }
  const { monitor, chosen } = await openMonitor(region.monitor);
  const probe = await probeMonitor(monitor);
  if (x + width > probe.width || y + height > probe.height) {
    throw new CaptureError(
      'CC_CAPTURE_BAD_OPTIONS',
      `region ${x},${y},${width},${height} does not fit on monitor ${chosen} (${probe.width}x${probe.height}): it must end by ${probe.width},${probe.height}`,
    );
  }
  const name = `region ${width}x${height} at ${x},${y} of monitor ${chosen} "${monitor.name()}"`;
  return pullSource({ name, width, height }, async () => {
    const capturedAt = Date.now();
    return { ...(await capture(monitor, region)), pixelFormat: 'rgba', capturedAt };
  });
}

async function probeMonitor(monitor: Monitor): Promise<RgbaImage> {
  try {
    return await capture(monitor);
  } catch (error) {
    throw noDisplay(error);
  }
}

async function capture(monitor: Monitor, crop?: RegionOptions): Promise<RgbaImage> {
  try {
    const image = await monitor.captureImage();
    return await rgbaOf(crop ? await image.crop(crop.x, crop.y, crop.width, crop.height) : image);
  } catch (error) {
    throw captureFailed(error);
  }
}
