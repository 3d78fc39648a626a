/** The typed errors of the web gateway: what a browser is told when its join is refused, and start-up failures. */
import { ClasscastError } from '@classcast/protocol';

export type WebErrorCode =
  /** The same student name is already watching this class from a live connection. */
  | 'CC_STUDENT_ALREADY_WATCHING'
  /** The browser sent something other than one join message. */
  | 'CC_GATEWAY_BAD_REQUEST'
  /** A command-line option that makes no sense (`--port x`). */
  | 'CC_GATEWAY_BAD_OPTIONS'
  /** The gateway could not listen (port taken, no permission). */
  | 'CC_GATEWAY_LISTEN_FAILED'
  /** The student page was not bundled (run the build). */
  | 'CC_GATEWAY_PAGE_MISSING';

export class WebError extends ClasscastError<WebErrorCode> {}
