/**
 * The `--source` strings and the one factory that turns them into a FrameSource:
 *
 *   test | test:WIDTHxHEIGHT    the test pattern (default 1280x720)
 *   desktop | desktop:N         the primary monitor, or monitor N (0-based)
 *   folder:PATH                 the slides in PATH (the rest of the string, colons allowed)
 */
import { createDesktopSource } from './desktop-source.js';
import { CaptureError } from './errors.js';
import type { FrameSource } from './frame-source.js';
import { createImageFolderSource } from './image-folder-source.js';
import { createTestPatternSource } from './test-pattern-source.js';

export type SourceSpec = { kind: 'test'; width?: number; height?: number } | { kind: 'desktop'; monitor?: number } | { kind: 'folder'; folder: string };

export const SOURCE_SPEC_FORMS = 'test, test:WIDTHxHEIGHT, desktop, desktop:N, folder:PATH';

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
    if (/^(0|[1-9][0-9]{0,2})$/.test(argument)) return { kind, monitor: Number(argument) };
  } else if (kind === 'folder' && argument) {
    return { kind, folder: argument };
  }
  throw new CaptureError('CC_CAPTURE_BAD_OPTIONS', `source "${spec}" is not one of: ${SOURCE_SPEC_FORMS}`);
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
    case 'folder':
      return createImageFolderSource({ folder: parsed.folder, secondsPerSlide: options.secondsPerSlide });
  }
}
