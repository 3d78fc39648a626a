/** The typed errors of the codec package: bad encoder options, bad raw frames, undecodable pictures. */
import { ClasscastError, type ErrorCodeOf } from '@classcast/protocol';

/** What each code means, and whether retrying helps: the table in @classcast/protocol (docs/ERRORS.md). */
export type CodecErrorCode = ErrorCodeOf<'codec'>;

/** A caller's mistake or a corrupt picture: trying again with the same input cannot help. */
export class CodecError extends ClasscastError<CodecErrorCode> {}
