/**
 * A classroom (broker, gateway, Chromium) with a plain Kafka producer beside it, for tests that
 * write frames of their own onto a class topic, as any producer could: forged, too large, or
 * from a newer classcast. Registers its own beforeAll/afterAll.
 */
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, inject } from 'vitest';
import { createKafkaClient } from '@classcast/kafka';
import { encodeFrame, frameTopic, type EncodedMessage, type Frame } from '@classcast/protocol';
import { openClassroom, type Classroom } from './classroom.js';

export interface ClassroomWithProducer {
  readonly connection: { brokers: string[] };
  readonly classroom: Classroom;
  /** Writes a frame (encoded here) or a message made by hand to the class's frames topic. */
  send(classId: string, frame: Frame | EncodedMessage): Promise<void>;
}

export function useClassroomWithProducer(): ClassroomWithProducer {
  const connection = { brokers: inject('kafkaBrokers') };
  let classroom: Classroom | undefined;
  let producer: Producer | undefined;
  beforeAll(async () => {
    classroom = await openClassroom(connection);
    producer = createKafkaClient(connection).producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await classroom?.close();
  });
  return {
    connection,
    get classroom() {
      return classroom!;
    },
    async send(classId, frame) {
      const message = 'streamId' in frame ? encodeFrame(frame) : frame;
      await producer!.send({ topic: frameTopic(classId), messages: [{ ...message, value: Buffer.from(message.value) }] });
    },
  };
}
