/**
 * The last sequence number a stream wrote to a class, so a teacher app restarted mid-lesson goes
 * on counting where it stopped (students and recordings see one lesson, not two).
 */
import type { Admin } from 'kafkajs';
import type { KafkaConnection } from './connection.js';
import { replay } from './replay.js';
import { retryRetriable } from './retry.js';

const LOOK_BACK = 100;

export async function findLastSequence(
  admin: Admin,
  connection: KafkaConnection,
  classId: string,
  topic: string,
  streamId: string,
): Promise<number | undefined> {
  let lastSequence: number | undefined;
  for (const { partition, low, high } of await retryRetriable(() => admin.fetchTopicOffsets(topic))) {
    if (BigInt(high) <= BigInt(low)) continue;
    // Look a little way back: the newest messages may be another stream's, or foreign ones.
    const from = BigInt(high) - BigInt(LOOK_BACK) > BigInt(low) ? String(BigInt(high) - BigInt(LOOK_BACK)) : low;
    await replay({
      connection,
      classId,
      from: { partition, offset: from },
      onFrame: ({ frame }) => {
        if (frame.streamId === streamId) lastSequence = Math.max(lastSequence ?? -1, frame.sequence);
      },
    });
  }
  return lastSequence;
}
