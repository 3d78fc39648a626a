/** The typed errors of the viewer side: each is counted and shown, none stops the viewer. */
import { ClasscastError, type ErrorCodeOf } from '@classcast/protocol';

/** What each code means, and whether retrying helps: the table in @classcast/protocol (docs/ERRORS.md). */
export type ViewerErrorCode = ErrorCodeOf<'ui'>;

export class ViewerError extends ClasscastError<ViewerErrorCode> {}
