/**
 * A student's screen to the class: the offers, the teacher's decisions, and who holds the screen.
 *
 *   offer topic (shareOfferTopic), written by the class's students:
 *     key   the student's name
 *     value UTF-8 JSON, version 1: {"v":1,"type":"offer"|"withdraw","student":"ada"}
 *   decision topic (shareDecisionTopic), written only by the class's teachers:
 *     key   the student's name
 *     value UTF-8 JSON, version 1: {"v":1,"type":"accept"|"decline"|"take-back","student":"ada"}
 *
 * At most one student holds the screen: an accept gives it to that student (taking it from the
 * one before), a take-back or decline of the holder ends it, a decline of anyone else changes
 * nothing. The share agent (kafka's share.ts) turns the decisions into the holder's WRITE on the
 * shared-screens topic, so the broker, not the student, enforces them.
 *
 * Bad input is refused with a reason (a reader counts it as skipped): not UTF-8 JSON, another
 * version, an unknown type, a type of the other topic, a student name Kafka could not hold, or
 * more than MAX_SHARE_BYTES.
 */
import { assertValidUserName } from './names.js';

export const SHARE_VERSION = 1;
/** A share message is a few dozen bytes; anything this big is not one. */
export const MAX_SHARE_BYTES = 1024;

export type ShareOfferType = 'offer' | 'withdraw';
export type ShareDecisionType = 'accept' | 'decline' | 'take-back';
export const SHARE_OFFER_TYPES: readonly ShareOfferType[] = ['offer', 'withdraw'];
export const SHARE_DECISION_TYPES: readonly ShareDecisionType[] = ['accept', 'decline', 'take-back'];

export interface ShareOffer {
  type: ShareOfferType;
  student: string;
}
export interface ShareDecision {
  type: ShareDecisionType;
  student: string;
}
export type ShareMessage = ShareOffer | ShareDecision;
export type ShareTopicKind = 'offer' | 'decision';

export type ShareCheck<T extends ShareMessage> = { message: T } | { problem: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUserName(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    assertValidUserName('student name', value);
    return true;
  } catch {
    return false;
  }
}

/** Reads a value of the offer or decision topic, or says why it is not one. */
export function readShareValue(kind: 'offer', value: Uint8Array | null | undefined): ShareCheck<ShareOffer>;
export function readShareValue(kind: 'decision', value: Uint8Array | null | undefined): ShareCheck<ShareDecision>;
export function readShareValue(kind: ShareTopicKind, value: Uint8Array | null | undefined): ShareCheck<ShareMessage>;
export function readShareValue(kind: ShareTopicKind, value: Uint8Array | null | undefined): ShareCheck<ShareMessage> {
  if (!value || value.length === 0) return { problem: `empty share ${kind}` };
  if (value.length > MAX_SHARE_BYTES) return { problem: `share ${kind} of ${value.length} bytes (at most ${MAX_SHARE_BYTES})` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(value));
  } catch {
    return { problem: `share ${kind} is not UTF-8 JSON` };
  }
  return checkShareMessage(kind, parsed);
}

/** Checks a share message already parsed from JSON; `v` must be 1 and the type one of `kind`'s topic. */
export function checkShareMessage(kind: ShareTopicKind, parsed: unknown): ShareCheck<ShareMessage> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: `share ${kind} is not a JSON object` };
  const message = parsed as Record<string, unknown>;
  if (message.v !== SHARE_VERSION) return { problem: `share ${kind} version ${JSON.stringify(message.v)?.slice(0, 20)} (this reader reads ${SHARE_VERSION})` };
  const types: readonly string[] = kind === 'offer' ? SHARE_OFFER_TYPES : SHARE_DECISION_TYPES;
  if (typeof message.type !== 'string' || !types.includes(message.type))
    return { problem: `unknown share ${kind} type ${JSON.stringify(message.type)?.slice(0, 30)} (one of ${types.join(', ')})` };
  if (!isUserName(message.student)) return { problem: `share ${kind} needs a student name (1-128 letters, digits, '.', '_', '-' or '@')` };
  return { message: { type: message.type, student: message.student } as ShareMessage };
}

/** The value to write for `message` on the topic of `kind` (checked first: a writer cannot send what readers refuse). */
export function encodeShareMessage(kind: ShareTopicKind, message: ShareMessage): Uint8Array {
  const checked = checkShareMessage(kind, { v: SHARE_VERSION, ...message });
  if ('problem' in checked) throw new RangeError(`not a share ${kind}: ${checked.problem}`);
  return new TextEncoder().encode(JSON.stringify({ v: SHARE_VERSION, type: checked.message.type, student: checked.message.student }));
}

/** Who holds the screen after `holder` and then `decision`. */
export function applyShareDecision(holder: string | undefined, decision: ShareDecision): string | undefined {
  if (decision.type === 'accept') return decision.student;
  return decision.student === holder ? undefined : holder;
}

/** The student who holds the class's screen after every decision in order, or undefined. */
export function shareStateOf(decisions: Iterable<ShareDecision>): string | undefined {
  let holder: string | undefined;
  for (const decision of decisions) holder = applyShareDecision(holder, decision);
  return holder;
}
