/** Typed errors of the Flume agents, with stable codes (like BrokerError in @classcast/broker). */
import { ClasscastError, type ErrorCodeOf } from '@classcast/protocol';

/** What each code means, and whether retrying helps: the table in @classcast/protocol (docs/ERRORS.md). */
export type FlumeErrorCode = ErrorCodeOf<'flume'>;

export class FlumeError extends ClasscastError<FlumeErrorCode> {}
