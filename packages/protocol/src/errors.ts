/**
 * The one error root of classcast. Every failure a user can see carries a stable
 * `code` from the table in error-codes.ts (for programs and tests) and says whether trying again
 * can help (`retriable`), the way kafkajs's KafkaJSError and ws's WS_ERR_* codes do.
 */
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export class ClasscastError<Code extends ErrorCode = ErrorCode> extends Error {
  readonly code: Code;
  readonly retriable: boolean;

  /**
   * A package's error class is `class XError extends ClasscastError<XErrorCode> {}`: typed codes,
   * nothing else to write. `retriable` defaults to what the table says of the code.
   */
  constructor(code: Code, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? ERROR_CODES[code].retriable === true;
  }
}

/** Codes of FrameFormatError: why a message on a class topic is not a frame we can draw. */
export type FrameFormatCode =
  'CC_FRAME_NOT_CLASSCAST' | 'CC_FRAME_UNSUPPORTED_VERSION' | 'CC_FRAME_BAD_HEADER' | 'CC_FRAME_BAD_PAYLOAD' | 'CC_PICTURE_TOO_LARGE';

/** A message on a class topic that is foreign, corrupt or from a newer format. Never retriable. */
export class FrameFormatError extends ClasscastError<FrameFormatCode> {}

/** A name (class, student, stream) that cannot be used in a Kafka topic or group id. */
export class InvalidNameError extends ClasscastError<'CC_INVALID_NAME'> {
  constructor(message: string) {
    super('CC_INVALID_NAME', message);
  }
}

/** A join or control message from a browser (or a window) that is not one the gateway takes. */
export class GatewayRequestError extends ClasscastError<'CC_GATEWAY_BAD_REQUEST'> {
  constructor(message: string) {
    super('CC_GATEWAY_BAD_REQUEST', message);
  }
}
