/**
 * What every teacher path (command line, desktop app) tells the teacher when Kafka stops taking
 * frames: within 3 s, why ("2 of 3 brokers unreachable, Kafka is moving the class"), and when the
 * broadcast goes on by itself.
 */
import type { ClasscastError } from '@classcast/protocol';
import { pauseMessage, unreachableBrokers, type KafkaConnection } from '@classcast/kafka';

/** No frame confirmed for this long makes the broadcast paused; the brokers are then asked (0.7 s). */
export const TEACHER_STALL_AFTER_MS = 2000;

export interface PauseReport {
  paused(message: string): void;
  resumed(pausedMs: number): void;
}

/** An `onStalled` for createTeacherStream (with stallAfterMs: TEACHER_STALL_AFTER_MS) that reports through `report`. */
export function reportBroadcastPauses(connection: KafkaConnection, report: PauseReport): (reason: ClasscastError | undefined) => void {
  let pausedAt: number | undefined;
  let pauseShown = false;
  return (reason) => {
    if (reason) {
      if (pausedAt !== undefined) return;
      const since = (pausedAt = Date.now());
      void unreachableBrokers(connection).then((down) => {
        if (pausedAt !== since) return; // resumed (or paused again) while the brokers were asked
        report.paused(pauseMessage(reason, connection.brokers, down));
        pauseShown = true;
      });
    } else if (pausedAt !== undefined) {
      if (pauseShown) report.resumed(Date.now() - pausedAt);
      pausedAt = undefined;
      pauseShown = false;
    }
  };
}
