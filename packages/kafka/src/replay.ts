/**
 * Replays a stretch of a lesson once: from an offset of one partition, or from a wall-clock time,
 * to a later time or offset, at most to where the lesson stood when the replay began (the CLI's
 * `classcast replay`). A one-off ReplaySession: its own client and throw-away group, closed after.
 * Callers that seek again and again (a student's timeline) keep a ReplaySession instead.
 */
import type { KafkaConnection } from './connection.js';
import { createReplaySession, type ReplayPlayOptions, type ReplayResult } from './replay-session.js';

export type { ReplayEnd, ReplayResult, ReplayStart } from './replay-session.js';

export interface ReplayOptions extends ReplayPlayOptions {
  connection: KafkaConnection;
  classId: string;
}

export async function replay({ connection, classId, ...play }: ReplayOptions): Promise<ReplayResult> {
  const session = createReplaySession({ connection, classId });
  try {
    return await session.play(play);
  } finally {
    await session.close();
  }
}
