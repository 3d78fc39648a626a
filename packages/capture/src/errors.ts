/** The typed errors of frame sources, each one clear line a teacher can act on. */
import { ClasscastError, type ErrorCodeOf } from '@classcast/protocol';

/** What each code means, and whether retrying helps: the table in @classcast/protocol (docs/ERRORS.md). */
export type CaptureErrorCode = ErrorCodeOf<'capture'>;

export class CaptureError extends ClasscastError<CaptureErrorCode> {}

/** The message of whatever was thrown, for "...: <reason>" lines. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
