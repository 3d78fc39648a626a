/** The typed errors of the viewer side: each is counted and shown, none stops the viewer. */
import { ClasscastError } from '@classcast/protocol';

export type ViewerErrorCode =
  /** A keyframe or delta atlas that the browser could not decode as a picture. */
  | 'CC_VIEWER_DECODE_FAILED'
  /** A delta that does not fit the picture on screen (other size, other keyframe): wait for the next keyframe. */
  | 'CC_VIEWER_DELTA_WITHOUT_BASE'
  /** The gateway sent something that is not a gateway message. */
  | 'CC_VIEWER_BAD_MESSAGE'
  /** The browser gave no 2D canvas context (out of memory, or canvas disabled). */
  | 'CC_VIEWER_NO_CANVAS';

export class ViewerError extends ClasscastError<ViewerErrorCode> {}
