/**
 * The students of the end-to-end bench, each in a consumer group of its own: a classcast
 * Subscription (composing every frame, or only noting its arrival) or a plain kafkajs consumer.
 * Each notes, per message, its offset and when it arrived (and was composed).
 */
import { createPictureCompositor } from '@classcast/codec';
import { createSubscription } from '@classcast/kafka';
import { studentGroupId } from '@classcast/protocol';
import { Kafka, logLevel } from 'kafkajs';
import { epochMs } from '../clock.js';
import type { Receipt, StudentProcessConfig } from './student-messages.js';

export interface BenchStudent {
  /** Resolves once the student has joined its group and will see the next message. */
  start(): Promise<void>;
  readonly receipts: Receipt[];
  readonly skipped: number;
  readonly errors: string[];
  stop(): Promise<void>;
}

// The Subscription's fetch settings, so plain and classcast differ only in the library.
const FETCH = { maxBytesPerPartition: 32 * 1024 * 1024, maxBytes: 64 * 1024 * 1024, maxWaitTimeInMs: 250 };

export function createBenchStudent(config: StudentProcessConfig, name: string, rack?: string): BenchStudent {
  return config.mode === 'plain' ? plainStudent(config, name) : classcastStudent(config, name, config.mode === 'compose', rack);
}

function classcastStudent(config: StudentProcessConfig, name: string, compose: boolean, rack: string | undefined): BenchStudent {
  const receipts: Receipt[] = [];
  const errors: string[] = [];
  const compositor = createPictureCompositor();
  let skipped = 0;
  const subscription = createSubscription({
    connection: { brokers: config.brokers, ...(rack === undefined ? {} : { rack }) },
    classId: config.classId,
    groupId: studentGroupId(config.classId, name),
    startAt: 'live',
    async onFrame({ frame, offset }) {
      const receivedAt = epochMs();
      if (frame.kind !== 'key' && frame.kind !== 'delta') return;
      if (compose) {
        try {
          await compositor.apply(frame);
        } catch (error) {
          errors.push(String(error));
        }
      }
      receipts.push([Number(offset), receivedAt, epochMs()]);
    },
    onSkipped: () => (skipped += 1),
  });
  return {
    receipts,
    errors,
    get skipped() {
      return skipped;
    },
    start: () => subscription.start(),
    stop: () => subscription.stop(),
  };
}

function plainStudent(config: StudentProcessConfig, name: string): BenchStudent {
  const receipts: Receipt[] = [];
  const kafka = new Kafka({ clientId: `bench-plain-${name}`, brokers: config.brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench.plain.${name}`, ...FETCH });
  return {
    receipts,
    errors: [],
    skipped: 0,
    async start() {
      const joined = new Promise<void>((resolve) => {
        const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
          remove();
          resolve();
        });
      });
      await consumer.connect();
      await consumer.subscribe({ topic: config.topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const receivedAt = epochMs();
          receipts.push([Number(message.offset), receivedAt, receivedAt]);
        },
      });
      await joined;
    },
    stop: () => consumer.disconnect(),
  };
}
