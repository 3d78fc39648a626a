/** The typed errors of the web gateway: what a browser is told when its join is refused, and start-up failures. */
import { ClasscastError, type ErrorCodeOf } from '@classcast/protocol';

/** What each code means, and whether retrying helps: the table in @classcast/protocol (docs/ERRORS.md). */
export type WebErrorCode = ErrorCodeOf<'web'>;

export class WebError extends ClasscastError<WebErrorCode> {}
