/**
 * Names of Kafka resources for a class: one topic per class, one consumer group per student
 * (publish-subscribe: every student sees every frame) and one shared group per recorder pool
 * (queue semantics: partitions are split between the recorders). Every topic, group and prefix name
 * classcast gives Kafka is built here, so ACLs, listings and clients cannot disagree on a name.
 */
import { InvalidNameError } from './errors.js';

// Kafka topic names allow [a-zA-Z0-9._-] up to 249 chars; we keep room for prefix and suffix.
const NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;
/**
 * People's names (Kafka users, students) live only in group names and ACL principals, never in a
 * topic name, so they may also hold '@': a school sign-in maps an e-mail claim to the principal.
 */
const USER_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._@-]{0,127}$/;

/** Throws InvalidNameError unless `value` is usable as a Kafka user or student name. */
export function assertValidUserName(kind: string, value: string): string {
  if (!USER_NAME_PATTERN.test(value)) {
    throw new InvalidNameError(`${kind} "${value}" is not valid: use 1-128 letters, digits, '.', '_', '-' or '@' (not starting with '.' or '@')`);
  }
  return value;
}

export const TOPIC_PREFIX = 'classcast.';

/** Throws InvalidNameError unless `value` is usable inside a topic or group name. */
export function assertValidName(kind: string, value: string): string {
  if (!NAME_PATTERN.test(value)) {
    throw new InvalidNameError(`${kind} "${value}" is not valid: use 1-64 letters, digits, '.', '_' or '-' (not starting with '.')`);
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

/** A class's annotation topic: the teacher's pen, highlighter and pointer as small vector messages (see annotation.ts). */
export function annotationTopic(classId: string): string {
  return `${TOPIC_PREFIX}${assertValidName('class id', classId)}.annotations`;
}

/**
 * A class's settings topic (class-settings.ts): compacted, one record per setting keyed by its
 * name, written only by admins and read by every viewer when it starts.
 */
export function settingsTopic(classId: string): string {
  return `${TOPIC_PREFIX}${assertValidName('class id', classId)}.settings`;
}

/** The throw-away group of one read of the settings (kafkajs consumers always join a group); commits nothing. */
export function settingsReaderGroupId(classId: string, readerId: string): string {
  return `${settingsReaderGroupPrefix(classId)}${assertValidName('reader id', readerId)}`;
}

/** What every settings reader group of the class starts with (for prefixed ACLs); outside `.student.`, so never a student. */
export function settingsReaderGroupPrefix(classId: string): string {
  return `${classGroupPrefix(classId)}settings-readers.`;
}

/**
 * The group of one announcement reader. Every reader has a group of its own (each student sees
 * every notice) and commits nothing, so Kafka forgets the group once the reader leaves; the name
 * stays outside the `.student.` prefix so it never counts as a student.
 */
export function announcementReaderGroupId(classId: string, readerId: string): string {
  return `${announcementReaderGroupPrefix(classId)}${assertValidUserName('reader id', readerId)}`;
}

/** What every announcement reader group of the class starts with (for prefixed ACLs). */
export function announcementReaderGroupPrefix(classId: string): string {
  return `${classGroupPrefix(classId)}announcement-readers.`;
}

/** The class id of a frame topic, or undefined when the topic is not a classcast frame topic. */
export function classIdOfTopic(topic: string): string | undefined {
  const match = /^classcast\.(.+)\.frames$/.exec(topic);
  return match && NAME_PATTERN.test(match[1]!) ? match[1] : undefined;
}

/** What every consumer group of the class starts with: its ACLs and listings are found by it. */
export function classGroupPrefix(classId: string): string {
  return `${TOPIC_PREFIX}${assertValidName('class id', classId)}.`;
}

/** What every student group of the class starts with; the rest of the name is the student. */
export function studentGroupPrefix(classId: string): string {
  return `${classGroupPrefix(classId)}student.`;
}

export function studentGroupId(classId: string, studentId: string): string {
  return `${studentGroupPrefix(classId)}${assertValidUserName('student name', studentId)}`;
}

/** What every replay's throw-away group of the class starts with (for prefixed ACLs). */
export function replayGroupPrefix(classId: string): string {
  return `${classGroupPrefix(classId)}replay.`;
}

/** The group of one replay session: its own, never committed, deleted on close. */
export function replayGroupId(classId: string, replayId: string): string {
  return `${replayGroupPrefix(classId)}${assertValidName('replay id', replayId)}`;
}

export function recorderGroupId(classId: string, pool = 'default'): string {
  return `${classGroupPrefix(classId)}recorders.${assertValidName('recorder pool', pool)}`;
}

/**
 * A group no one joins: asking for its coordinator at start-up makes a fresh cluster create its
 * group-offsets topic before the first student arrives.
 */
export const WARM_UP_GROUP_ID = `${TOPIC_PREFIX}gateway-warm-up`;

/** The stream of the teacher's main screen; a second monitor would be `screen-1`. */
export const DEFAULT_STREAM_ID = 'screen-0';

/** Where the class's students offer their screen (share.ts); students of the class write, teachers read. */
export function shareOfferTopic(classId: string): string {
  return `${TOPIC_PREFIX}${assertValidName('class id', classId)}.share-offers`;
}

/** Where the class's teachers accept, decline or take back a student's screen (share.ts); only teachers write. */
export function shareDecisionTopic(classId: string): string {
  return `${TOPIC_PREFIX}${assertValidName('class id', classId)}.share-decisions`;
}

/**
 * The accepted student's frames, keyed by studentStreamId: a topic of its own, so a student the
 * share agent grants WRITE can never write the teacher's frames topic.
 */
export function sharedScreenTopic(classId: string): string {
  return `${TOPIC_PREFIX}${assertValidName('class id', classId)}.shared-screens`;
}

/** The stream id (message key) of a student's shared screen. */
export function studentStreamId(student: string): string {
  return `student-${assertValidUserName('student name', student)}`;
}

/** The student whose shared screen a stream id names, or undefined (the teacher's screens). */
export function studentOfStreamId(streamId: string): string | undefined {
  return streamId.startsWith('student-') && streamId.length > 'student-'.length ? streamId.slice('student-'.length) : undefined;
}
