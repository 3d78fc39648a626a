/**
 * @classcast/stream, the student side: what a watching student reads (StudentFeed: the
 * StudentStream state machine on @classcast/kafka, plus announcements) and the FeedOutbox that
 * paces it to a viewer. Loads no codec: the teacher stream, which encodes with sharp, is the
 * `@classcast/stream/teacher` entry.
 */
export { createClassFanOut, type ClassFanOut, type ClassFanOutOptions, type ClassSeat } from './class-fan-out.js';
export {
  createStudentStream,
  type LiveHandlers,
  type LiveSource,
  type StudentStream,
  type StudentStreamOptions,
  type StudentStreamState,
} from './student-stream.js';
export { createStudentFeed, type StudentFeed, type StudentFeedOptions } from './student-feed.js';
export { createFeedOutbox, encodedFrameOf, gatewayFrameOf, type FeedOutbox, type FeedOutboxOptions, type FeedOutboxStats } from './feed-outbox.js';
export { StreamError, type StreamErrorCode } from './errors.js';
export { createScreenSwitch, type ScreenSwitch, type ScreenSwitchOptions } from './screen-switch.js';
export { replayAsSeen, withSharedScreens, type SharedScreenReplayOptions } from './shared-screen-replay.js';
export { createSharedScreenSource, type SharedScreenSource } from './shared-screen-source.js';
