/**
 * Names of Kafka resources for a class: one topic per class, one consumer group per student
 * (publish-subscribe: every student sees every frame) and one shared group per recorder pool
 * (queue semantics: partitions are split between the recorders).
 */
import { InvalidNameError } from './errors.js';

// Kafka topic names allow [a-zA-Z0-9._-] up to 249 chars; we keep room for prefix and suffix.
const NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

export const TOPIC_PREFIX = 'classcast.';

/** Throws InvalidNameError unless `value` is usable inside a topic or group name. */
export function assertValidName(kind: string, value: string): string {
  if (!NAME_PATTERN.test(value)) {
    throw new InvalidNameError(
      `${kind} "${value}" is not valid: use 1-64 letters, digits, '.', '_' or '-' (not starting with '.')`,
    );
  }
  return value;
}

export function frameTopic(classId: string): string {
  return `${TOPIC_PREFIX}${assertValidName('class id', classId)}.frames`;
}

/** A class's announcement topic: short notices as plain UTF-8 text, one message each (see announcement.ts). */
export function announcementTopic(classId: string): string {
  return `${TOPIC_PREFIX}${assertValidName('class id', classId)}.announcements`;
}

/**
 * The group of one announcement reader. Every reader has a group of its own (each student sees
 * every notice) and commits nothing, so Kafka forgets the group once the reader leaves; the name
 * stays outside the `.student.` prefix so it never counts as a student.
 */
export function announcementReaderGroupId(classId: string, readerId: string): string {
  return `${announcementReaderGroupPrefix(classId)}${assertValidName('reader id', readerId)}`;
}

/** What every announcement reader group of the class starts with (for prefixed ACLs). */
export function announcementReaderGroupPrefix(classId: string): string {
  return `${TOPIC_PREFIX}${assertValidName('class id', classId)}.announcement-readers.`;
}

/** The class id of a frame topic, or undefined when the topic is not a classcast frame topic. */
export function classIdOfTopic(topic: string): string | undefined {
  const match = /^classcast\.(.+)\.frames$/.exec(topic);
  return match && NAME_PATTERN.test(match[1]!) ? match[1] : undefined;
}

export function studentGroupId(classId: string, studentId: string): string {
  return `${TOPIC_PREFIX}${assertValidName('class id', classId)}.student.${assertValidName('student name', studentId)}`;
}

export function recorderGroupId(classId: string, pool = 'default'): string {
  return `${TOPIC_PREFIX}${assertValidName('class id', classId)}.recorders.${assertValidName('recorder pool', pool)}`;
}

/** The stream of the teacher's main screen; a second monitor would be `screen-1`. */
export const DEFAULT_STREAM_ID = 'screen-0';
