/**
 * Sends the frames of a recorded run again at the same moments (relative to the first send),
 * through whatever `send` is given (a classcast Broadcaster or a plain kafkajs producer), so a
 * replay carries the same bytes at the same rate. Sends stay sequential, as the broadcast's are.
 */
import { pause } from '@classcast/protocol';
import { epochMs } from '../clock.js';
import type { SendRecord } from './send-log.js';

/** Sends one recorded frame; resolves with the offset Kafka gave it. */
export type ReplaySend = (record: SendRecord) => Promise<number>;

export async function replay(script: readonly SendRecord[], send: ReplaySend): Promise<SendRecord[]> {
  const first = script[0]?.sendStartAt ?? 0;
  const start = epochMs();
  const log: SendRecord[] = [];
  for (const record of script) {
    const wait = start + (record.sendStartAt - first) - epochMs();
    if (wait > 0) await pause(wait);
    const sendStartAt = epochMs();
    const offset = await send(record);
    log.push({ ...record, offset, capturedAt: sendStartAt, sendStartAt, sendEndAt: epochMs() });
  }
  return log;
}
