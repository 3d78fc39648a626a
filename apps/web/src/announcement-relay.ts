/**
 * Forwards a class's announcements to one browser student as 'announcement' messages. A class
 * with no announcement topic yet is waited for quietly; a failure only loses the notices (logged),
 * never the picture.
 */
import { createAnnouncementReader, describeKafkaError, type KafkaConnection } from '@classcast/kafka';
import type { GatewayAnnouncement } from '@classcast/protocol';

export interface AnnouncementRelayOptions {
  connection: KafkaConnection;
  classId: string;
  student: string;
  send(message: GatewayAnnouncement): void;
  log(line: string): void;
}

export function relayAnnouncements({ connection, classId, student, send, log }: AnnouncementRelayOptions): { stop(): Promise<void> } {
  const reader = createAnnouncementReader({
    connection,
    classId,
    readerId: student,
    onAnnouncement: ({ text, time }) => send({ type: 'announcement', text, time }),
    onSkipped: ({ total, reason }) => log(`skipped an announcement for ${classId} (${total} so far): ${reason}`),
  });
  reader.start().catch((error: unknown) => log(`announcements of ${classId} unavailable for ${student}: ${describeKafkaError(error, connection.brokers).message}`));
  return { stop: () => reader.stop() };
}
