/**
 * Announcements: short notices for everyone in a class ("hand in your sheets"), written to the
 * class's announcement topic by a teacher, a script or a Flume agent (netcat → Kafka sink). The
 * value is the notice as plain UTF-8 text, one notice per message, no headers needed, so any
 * Kafka tool can write one. What a student is shown must be readable text: an empty value, more
 * than MAX_ANNOUNCEMENT_CHARS characters, bytes that are not UTF-8, or control characters
 * (binary data) are refused with a reason, never shown.
 *
 * Other kinds of message share the topic, marked by a header, with an empty value:
 *   header cc.kind  "eyes-on-me"   the teacher asks everyone to look: every student goes back to
 *                                  live and is asked to go full screen (the message timestamp is when)
 * An empty value is what a reader that predates the kind refuses ("empty announcement"), so an
 * old viewer skips it with its usual one line and never shows it as a notice. A reader that knows
 * kinds refuses one it does not know (a newer classcast's) the same way.
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

/** The header that marks a message on the announcement topic as something other than a notice. */
export const ANNOUNCEMENT_KIND_HEADER = 'cc.kind';
export const EYES_ON_ME_KIND = 'eyes-on-me';
/** What a student taken back to live is told. */
export const EYES_ON_ME_REASON = 'Your teacher asked everyone to look at the screen';

/** One message of the announcement topic: a notice, "eyes on me", or why it is neither. */
export type AnnouncementMessageCheck = { text: string } | { eyesOnMe: true } | { problem: string };

type HeaderValue = Uint8Array | string | Array<Uint8Array | string> | undefined;
const MAX_KIND_BYTES = 64;

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

/** Reads a message of the announcement topic (its headers and value): a notice or another kind. */
export function readAnnouncementMessage(headers: Record<string, HeaderValue> | undefined, value: Uint8Array | null | undefined): AnnouncementMessageCheck {
  const raw = headers && Object.prototype.hasOwnProperty.call(headers, ANNOUNCEMENT_KIND_HEADER) ? headers[ANNOUNCEMENT_KIND_HEADER] : undefined;
  if (raw === undefined || raw === null) return readAnnouncementValue(value);
  const kind = kindText(raw);
  if (kind !== EYES_ON_ME_KIND) return { problem: `announcement of kind ${JSON.stringify(kind.slice(0, 40))} (this reader knows ${EYES_ON_ME_KIND})` };
  if (value && value.length > 0) return { problem: `an ${EYES_ON_ME_KIND} message has an empty value` };
  return { eyesOnMe: true };
}

function kindText(raw: Uint8Array | string | Array<Uint8Array | string>): string {
  if (Array.isArray(raw)) return raw.length === 1 ? kindText(raw[0]!) : `${raw.length} kinds`;
  if (typeof raw === 'string') return raw;
  if (!(raw instanceof Uint8Array) || raw.length > MAX_KIND_BYTES) return 'unreadable';
  try {
    return strictUtf8.decode(raw);
  } catch {
    return 'unreadable';
  }
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
