/** The typed errors of the codec package: bad encoder options, bad raw frames, undecodable pictures. */
import { ClasscastError } from '@classcast/protocol';

export type CodecErrorCode =
  /** createEncoder got an option outside its range. */
  | 'CC_CODEC_BAD_OPTIONS'
  /** A RawFrame whose size, pixel format or buffer length do not agree. */
  | 'CC_CODEC_BAD_FRAME'
  /** Bytes that are not a picture sharp can read. */
  | 'CC_CODEC_BAD_IMAGE';

/** A caller's mistake or a corrupt picture: trying again with the same input cannot help. */
export class CodecError extends ClasscastError<CodecErrorCode> {}
