/** The typed errors of the command line: flags that do not go together, exports with nothing to write. */
import { ClasscastError, type ErrorCodeOf } from '@classcast/protocol';

/** What each code means, and whether retrying helps: the table in @classcast/protocol (docs/ERRORS.md). */
export type CliErrorCode = ErrorCodeOf<'cli'>;

export class CliError extends ClasscastError<CliErrorCode> {}
