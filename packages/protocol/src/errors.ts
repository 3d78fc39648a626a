/**
 * The one error root of classcast. Every failure a user can see carries a stable
 * `code` (for programs and tests) and says whether trying again can help (`retriable`),
 * the way kafkajs's KafkaJSError and ws's WS_ERR_* codes do.
 */
export class ClasscastError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly retriable: boolean;

  /** A package's error class is `class XError extends ClasscastError<XErrorCode> {}`: typed codes, nothing else to write. */
  constructor(code: Code, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** Codes of FrameFormatError: why a message on a class topic is not a frame we can draw. */
export type FrameFormatCode =
  | 'CC_FRAME_NOT_CLASSCAST'
  | 'CC_FRAME_UNSUPPORTED_VERSION'
  | 'CC_FRAME_BAD_HEADER'
  | 'CC_FRAME_BAD_PAYLOAD';

/** A message on a class topic that is foreign, corrupt or from a newer format. Never retriable. */
export class FrameFormatError extends ClasscastError<FrameFormatCode> {}

/** A name (class, student, stream) that cannot be used in a Kafka topic or group id. */
export class InvalidNameError extends ClasscastError {
  constructor(message: string) {
    super('CC_INVALID_NAME', message);
  }
}
