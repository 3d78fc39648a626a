/** The stream package's errors: the `stream` codes of the one table in @classcast/protocol (docs/ERRORS.md). */
import { ClasscastError, type ErrorCodeOf } from '@classcast/protocol';

export type StreamErrorCode = ErrorCodeOf<'stream'>;

export class StreamError extends ClasscastError<StreamErrorCode> {}
