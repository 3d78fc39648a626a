/**
 * The teacher of the scale bench: plays the pre-encoded content into the class topic at 10 fps,
 * in a loop, through the real classcast Broadcaster, each message with a fresh capture time (the
 * moment it is handed to Kafka: capture → delivered is measured from it). Every send is recorded
 * (offset, capture time) so that the Kafka students' receipts can be joined to it.
 */
import { createBroadcaster } from '@classcast/kafka';
import { pause } from '@classcast/protocol';
import { epochMs } from '../clock.js';
import { recordingBroadcaster, type SendRecord } from '../e2e/send-log.js';
import { TICK_MS } from '../scenarios/index.js';
import { loopedFrame, type ScaleContent } from './content.js';

export interface ContentSender {
  /** Every message sent so far, in order. */
  readonly log: readonly SendRecord[];
  readonly errors: readonly string[];
  /** Stops after the tick being sent and closes the producer. */
  stop(): Promise<void>;
}

export async function startContentSender(brokers: string[], classId: string, content: ScaleContent): Promise<ContentSender> {
  const inner = createBroadcaster({ connection: { brokers }, classId });
  const log: SendRecord[] = [];
  const errors: string[] = [];
  // Capture times are whole ms on the wire (the cc.capture-time header), so the record keeps the same.
  const broadcaster = recordingBroadcaster(inner, log, (captureTime) => captureTime);
  await broadcaster.start();
  const byTick = Array.from({ length: content.ticks }, () => [] as typeof content.frames);
  for (const frame of content.frames) byTick[frame.tick]!.push(frame);
  const keyCaptureTimes = new Map<number, number>();
  let running = true;

  async function play(): Promise<void> {
    const start = epochMs();
    for (let tick = 0; running; tick += 1) {
      // On schedule from the start, not from the last send: a slow send does not slow the rate.
      const wait = start + tick * TICK_MS - epochMs();
      if (wait > 0) await pause(wait);
      const pass = Math.floor(tick / content.ticks);
      for (const message of byTick[tick % content.ticks]!) {
        const frame = loopedFrame(message, pass, content.frames.length, Math.floor(epochMs()), keyCaptureTimes);
        await broadcaster
          .send(frame)
          .catch((error: unknown) => void (errors.length < 20 && errors.push(error instanceof Error ? error.message : String(error))));
      }
    }
  }
  const playing = play();
  return {
    log,
    errors,
    async stop() {
      running = false;
      await playing;
      await broadcaster.stop();
    },
  };
}
