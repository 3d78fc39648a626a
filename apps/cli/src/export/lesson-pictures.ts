/**
 * The pictures of one stream of a lesson between two times, as a student would have seen them:
 * replayed from Kafka (keyframe + deltas composed), in capture order, with the students' screens
 * the teacher put on the class while they were shown (shared-screen-replay.ts).
 */
import { createPictureCompositor, type Pixels } from '@classcast/codec';
import type { KafkaConnection } from '@classcast/kafka';
import { DEFAULT_STREAM_ID } from '@classcast/protocol';
import { replayAsSeen } from '@classcast/stream';
import { viewerPictureLimit } from '../lesson/picture-limit.js';
import { reportSkipped } from '../status-line.js';

export interface TimedPicture {
  pixels: Pixels;
  captureTime: number;
  /** Whose screen it is: the exported stream, or a student's the teacher put on the class. */
  streamId: string;
}

export interface LessonRange {
  connection: KafkaConnection;
  classId: string;
  from: number;
  to: number;
  streamId?: string;
}

/** Calls `onPicture` for each picture in the range; resolves with how many there were. */
export async function forEachLessonPicture(range: LessonRange, onPicture: (picture: TimedPicture) => Promise<void>): Promise<number> {
  const streamId = range.streamId ?? DEFAULT_STREAM_ID;
  const compositor = createPictureCompositor(await viewerPictureLimit(range.connection, range.classId));
  let count = 0;
  await replayAsSeen({
    connection: range.connection,
    classId: range.classId,
    log: (line) => void process.stderr.write(`${line}\n`),
    from: { time: range.from },
    to: { time: range.to },
    async onFrame({ frame, catchingUp, sharedBy }) {
      // A student's screen the teacher put on the class is part of what the class saw.
      if (frame.streamId !== streamId && sharedBy === undefined) return;
      // A refresh keyframe that repeats the picture before it is not a picture of its own.
      const pixels = await compositor.applyNew(frame);
      if (catchingUp || !pixels) return;
      count += 1;
      // The compositor draws into one buffer; hand out a copy that stays as it is.
      await onPicture({ pixels: { ...pixels, data: Uint8Array.from(pixels.data) }, captureTime: frame.captureTime, streamId: frame.streamId });
    },
    onSkipped: (skipped) => reportSkipped(skipped),
  });
  return count;
}
