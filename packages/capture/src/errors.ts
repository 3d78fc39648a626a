/** The typed errors of frame sources, each one clear line a teacher can act on. */
import { ClasscastError } from '@classcast/protocol';

export type CaptureErrorCode =
  /** A source spec or option that makes no sense (`--source tv`, width 0). */
  | 'CC_CAPTURE_BAD_OPTIONS'
  /** No X11/Wayland display to capture from. */
  | 'CC_CAPTURE_NO_DISPLAY'
  /** The display has no monitor with the asked index. */
  | 'CC_CAPTURE_NO_MONITOR'
  /** A capture that failed on a display that was there before; the next one may work. */
  | 'CC_CAPTURE_FAILED'
  /** The slide folder is missing, not a folder, or has no pictures. */
  | 'CC_CAPTURE_NO_SLIDES'
  /** A slide file that is not a picture. */
  | 'CC_CAPTURE_BAD_SLIDE'
  /** next() after close(). */
  | 'CC_CAPTURE_CLOSED';

export class CaptureError extends ClasscastError<CaptureErrorCode> {}

/** The message of whatever was thrown, for "...: <reason>" lines. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
