/**
 * Announcements: short notices for everyone in a class ("hand in your sheets"), written to the
 * class's announcement topic by a teacher, a script or a Flume agent (netcat → Kafka sink). The
 * value is the notice as plain UTF-8 text, one notice per message, no headers needed, so any
 * Kafka tool can write one. What a student is shown must be readable text: an empty value, more
 * than MAX_ANNOUNCEMENT_CHARS characters, bytes that are not UTF-8, or control characters
 * (binary data) are refused with a reason, never shown.
 */
export const MAX_ANNOUNCEMENT_CHARS = 500;

export interface Announcement {
  text: string;
  /** When it was announced (the Kafka message timestamp), ms since epoch. */
  time: number;
}

const TOO_LONG = `announcement is longer than ${MAX_ANNOUNCEMENT_CHARS} characters`;
/** Room for the line ending and spaces that trimming removes (a netcat line ends in \r\n). */
const TRIMMABLE_BYTES = 64;

export type AnnouncementCheck = { text: string } | { problem: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
// Tab is fine inside a line; other C0/C1 controls (NUL, escape…) mean the bytes are not a notice.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

/** Reads a Kafka value as an announcement: its trimmed text, or why it cannot be shown. */
export function readAnnouncementValue(value: Uint8Array | null | undefined): AnnouncementCheck {
  if (!value || value.length === 0) return { problem: 'empty announcement' };
  // A code point is at most 4 UTF-8 bytes: a longer value is too long without decoding 16 MB of it.
  if (value.length > MAX_ANNOUNCEMENT_CHARS * 4 + TRIMMABLE_BYTES) return { problem: TOO_LONG };
  let text: string;
  try {
    text = strictUtf8.decode(value);
  } catch {
    return { problem: 'announcement is not UTF-8 text (binary data)' };
  }
  return checkAnnouncementText(text);
}

/** The same rules for text that is already a string (the CLI's argument, a gateway message). */
export function checkAnnouncementText(raw: string): AnnouncementCheck {
  // A line from netcat or a console producer may end in \r\n; the ends are not part of the notice.
  const text = raw.trim();
  if (text.length === 0) return { problem: 'empty announcement' };
  if (CONTROL.test(text)) return { problem: 'announcement holds control characters (binary data or several lines)' };
  // A code point is one or two UTF-16 units: count them (an array of every one) only when it can matter.
  if (text.length > MAX_ANNOUNCEMENT_CHARS * 2 || [...text].length > MAX_ANNOUNCEMENT_CHARS) return { problem: TOO_LONG };
  return { text };
}
