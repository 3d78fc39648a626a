/**
 * The three senders of the end-to-end bench, each starting its topic before the students join:
 * - live:    the typing scenario captured at 10 fps through classcast's broadcast session
 *            (tile deltas on), i.e. capture → encode → Broadcaster;
 * - receive: the live run's frames again, same bytes and moments, through a classcast Broadcaster;
 * - plain:   the same payloads through a plain kafkajs producer (acks=all, no compression).
 */
import type { RawFrame } from '@classcast/codec';
import { createBroadcaster } from '@classcast/kafka';
import { createTeacherStream, type PictureSource } from '@classcast/stream/teacher';
import { DEFAULT_STREAM_ID } from '@classcast/protocol';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { epochMs } from '../clock.js';
import { FPS, SCENARIOS } from '../scenarios/index.js';
import { replay } from './replay.js';
import { recordingBroadcaster, type SendRecord } from './send-log.js';

export interface Teacher {
  start(): Promise<void>;
  /** Sends until done; resolves with a record of every frame sent. */
  send(): Promise<SendRecord[]>;
  stop(): Promise<void>;
}

export async function liveTeacher(brokers: string[], classId: string, seconds: number, onError: (message: string) => void): Promise<Teacher> {
  const scenario = await SCENARIOS.typing();
  const inner = createBroadcaster({ connection: { brokers }, classId });
  const preciseCapture = new Map<number, number>();
  const source: PictureSource = {
    async next(): Promise<RawFrame> {
      const raw = scenario.next();
      const at = epochMs();
      preciseCapture.set(Math.floor(at), at);
      return { ...raw, capturedAt: Math.floor(at) };
    },
  };
  return {
    start: () => inner.start(),
    async send() {
      const log: SendRecord[] = [];
      const broadcaster = recordingBroadcaster(inner, log, (captureTime) => preciseCapture.get(captureTime) ?? captureTime);
      const session = createTeacherStream({
        source,
        broadcaster,
        fps: FPS,
        tileDeltas: true,
        maxFrames: seconds * FPS,
        onError: (error) => onError(error.message),
      });
      await session.start();
      return log;
    },
    stop: () => inner.stop(),
  };
}

export function replayingTeacher(brokers: string[], classId: string, script: readonly SendRecord[]): Teacher {
  const broadcaster = createBroadcaster({ connection: { brokers }, classId });
  return {
    start: () => broadcaster.start(),
    send: () => replay(script, async (record) => Number((await broadcaster.send(record.frame)).offset)),
    stop: () => broadcaster.stop(),
  };
}

export function plainTeacher(brokers: string[], topic: string, script: readonly SendRecord[]): Teacher {
  const kafka = new Kafka({ clientId: 'bench-plain-teacher', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  return {
    async start() {
      const admin = kafka.admin();
      await admin.connect();
      // The class topic's size limit, so the same frames fit; everything else is Kafka's default.
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, configEntries: [{ name: 'max.message.bytes', value: String(16 * 1024 * 1024) }] }] });
      await admin.disconnect();
      await producer.connect();
    },
    send: () =>
      replay(script, async (record) => {
        const [result] = await producer.send({
          topic,
          acks: -1,
          compression: CompressionTypes.None,
          messages: [
            { key: DEFAULT_STREAM_ID, value: Buffer.from(record.frame.payload.buffer, record.frame.payload.byteOffset, record.frame.payload.byteLength) },
          ],
        });
        return Number(result?.baseOffset ?? -1);
      }),
    stop: () => producer.disconnect(),
  };
}
