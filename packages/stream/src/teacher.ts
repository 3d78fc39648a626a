/**
 * The teacher's side of the class stream: capture, encode (sharp, through @classcast/codec) and
 * send. A subpath of its own so the student side (`@classcast/stream`) never loads sharp.
 */
export {
  createTeacherStream,
  type BroadcastSettings,
  type BroadcastState,
  type PictureSource,
  type SentFrame,
  type TeacherStream,
  type TeacherStreamOptions,
} from './teacher-stream.js';
export { startTeacherBroadcast, type TeacherBroadcast, type TeacherBroadcastOptions } from './teacher-broadcast.js';
export { reportBroadcastPauses, TEACHER_STALL_AFTER_MS, type PauseReport } from './broadcast-pause.js';
export {
  shareScreen,
  type ScreenShareEvent,
  type ScreenShareOptions,
  type ScreenShareOutcome,
  type ScreenShareResult,
  type ScreenShareState,
} from './screen-share.js';
// Pictures captured elsewhere (a browser's upload to the gateway) fed to a share or a stream.
export { createPushSource, type PushSource } from '@classcast/capture';
