/**
 * The `--source` strings and the one factory that turns them into a FrameSource:
 *
 *   test | test:WIDTHxHEIGHT    the test pattern (default 1280x720)
 *   desktop | desktop:N         the primary monitor, or monitor N (0-based, or its name: desktop:HDMI-1)
 *   window:TITLE | window:#ID   the top-most window whose title contains TITLE (any case), or the
 *                               window with that X id (decimal or 0x hex, as xwininfo prints it)
 *   region:X,Y,W,H[@N]          a W x H rectangle at X,Y of the primary monitor, or of monitor N (or named N)
 *   folder:PATH                 the slides in PATH (the rest of the string, colons allowed)
 */
import { createDesktopSource, createRegionSource, type RegionOptions } from './desktop-source.js';
import { CaptureError } from './errors.js';
import type { FrameSource } from './frame-source.js';
import { createImageFolderSource } from './image-folder-source.js';
import { createTestPatternSource } from './test-pattern-source.js';
import { createWindowSource, type WindowOptions } from './window-source.js';

export type SourceSpec =
  | { kind: 'test'; width?: number; height?: number }
  | { kind: 'desktop'; monitor?: number | string }
  | ({ kind: 'window' } & WindowOptions)
  | ({ kind: 'region' } & RegionOptions)
  | { kind: 'folder'; folder: string };

export const SOURCE_SPEC_FORMS =
  'test, test:WIDTHxHEIGHT, desktop, desktop:N, desktop:NAME, window:TITLE, window:#ID, region:X,Y,W,H, region:X,Y,W,H@N, folder:PATH';

/** A monitor's index, or its name as X and the OS give them (HDMI-1, eDP-1, DP-2.1). */
const MONITOR = '(0|[1-9][0-9]{0,2}|[A-Za-z][A-Za-z0-9_.-]{0,63})';
const COORDINATE = '(0|[1-9][0-9]{0,4})';
const LENGTH = '([1-9][0-9]{0,4})';
const REGION = new RegExp(`^${COORDINATE},${COORDINATE},${LENGTH},${LENGTH}(?:@${MONITOR})?$`);

/** Throws CaptureError CC_CAPTURE_BAD_OPTIONS naming the accepted forms. */
export function parseSourceSpec(spec: string): SourceSpec {
  const colon = spec.indexOf(':');
  const kind = colon === -1 ? spec : spec.slice(0, colon);
  const argument = colon === -1 ? undefined : spec.slice(colon + 1);
  if (kind === 'test') {
    if (argument === undefined) return { kind };
    const size = /^([1-9][0-9]{0,4})x([1-9][0-9]{0,4})$/.exec(argument);
    if (size) return { kind, width: Number(size[1]), height: Number(size[2]) };
  } else if (kind === 'desktop') {
    if (argument === undefined) return { kind };
    if (new RegExp(`^${MONITOR}$`).test(argument)) return { kind, monitor: monitorOf(argument) };
  } else if (kind === 'window' && argument) {
    const id = /^#([1-9][0-9]{0,9}|0x[0-9a-fA-F]{1,8})$/.exec(argument);
    if (id) return { kind, id: Number(id[1]) };
    if (!argument.startsWith('#')) return { kind, title: argument };
  } else if (kind === 'region' && argument) {
    const region = REGION.exec(argument);
    if (region) {
      const [x, y, width, height] = region.slice(1, 5).map(Number) as [number, number, number, number];
      return { kind, x, y, width, height, ...(region[5] === undefined ? {} : { monitor: monitorOf(region[5]) }) };
    }
  } else if (kind === 'folder' && argument) {
    return { kind, folder: argument };
  }
  throw new CaptureError('CC_CAPTURE_BAD_OPTIONS', `source "${spec}" is not one of: ${SOURCE_SPEC_FORMS}`);
}

/** "1" is monitor 1, "HDMI-1" the monitor of that name. */
function monitorOf(argument: string): number | string {
  return /^[0-9]+$/.test(argument) ? Number(argument) : argument;
}

export interface CreateSourceOptions {
  /** For folder sources; default 5. */
  secondsPerSlide?: number;
}

export async function createSource(spec: string | SourceSpec, options: CreateSourceOptions = {}): Promise<FrameSource> {
  const parsed = typeof spec === 'string' ? parseSourceSpec(spec) : spec;
  switch (parsed.kind) {
    case 'test':
      return createTestPatternSource(parsed);
    case 'desktop':
      return createDesktopSource(parsed);
    case 'window':
      return createWindowSource(parsed);
    case 'region':
      return createRegionSource(parsed);
    case 'folder':
      return createImageFolderSource({ folder: parsed.folder, secondsPerSlide: options.secondsPerSlide });
  }
}
