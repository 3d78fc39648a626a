/** Typed errors of the Flume agents, with stable codes (like BrokerError in @classcast/broker). */
import { ClasscastError } from '@classcast/protocol';

export type FlumeErrorCode =
  | 'CC_FLUME_DOWNLOAD_FAILED'
  | 'CC_FLUME_START_FAILED'
  | 'CC_FLUME_BAD_CONFIG';

export class FlumeError extends ClasscastError<FlumeErrorCode> {}
