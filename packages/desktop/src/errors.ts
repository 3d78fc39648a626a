/** The typed errors of the desktop shells' IPC. */
import { ClasscastError, type ErrorCodeOf } from '@classcast/protocol';

/** What each code means, and whether retrying helps: the table in @classcast/protocol (docs/ERRORS.md). */
export type DesktopErrorCode = ErrorCodeOf<'desktop'>;

export class DesktopError extends ClasscastError<DesktopErrorCode> {}
