/**
 * Who holds the class's screen, as the teacher decides it: the share-decision topic followed from
 * its oldest message (topic-tail.ts), each decision applied in order (protocol's share.ts). Every
 * viewer follows it, once per class on a gateway, to know whose screen the class sees. A value
 * that is not a decision is counted, never applied.
 */
import { applyShareDecision, readShareValue, shareDecisionTopic } from '@classcast/protocol';
import type { FetchLimits } from './cluster-client.js';
import type { KafkaConnection } from './connection.js';
import type { TimedShareDecision } from './share.js';
import { startTopicTail, type TopicTail } from './topic-tail.js';

/** Decisions are a few dozen bytes; a fetch at the end waits this long, so a switch reaches viewers within it. */
const DECISION_TAIL_LIMITS: FetchLimits = { maxWaitMs: 300, maxBytesPerPartition: 1024 * 1024, maxBytes: 4 * 1024 * 1024 };

export interface ShareHolderTailOptions {
  connection: KafkaConnection;
  classId: string;
  /** The holder changed (undefined: nobody, the teacher's screen); said only on a change. */
  onHolder(student: string | undefined): void;
  /** Each decision as read, with its time (a replay's "who held the screen when"). */
  onDecision?(decision: TimedShareDecision): void;
  /** A message that is not a decision; `total` counts them so far. */
  onSkipped?(skipped: { total: number; reason: string }): void;
  /** A refusal (not authorized): the tail stops; the class sees the teacher's screen only. */
  onFailed?(failure: Error): void;
}

export function followShareHolder(options: ShareHolderTailOptions): TopicTail {
  let holder: string | undefined;
  let told: string | undefined;
  let telling = false;
  let skipped = 0;
  // Said once per fetch: a tail that starts (or a new carrier's) reads a lesson's decisions in one
  // go, and the class should not flash every screen shared before.
  const tell = () => {
    telling = false;
    if (holder === told) return;
    told = holder;
    options.onHolder(holder);
  };
  return startTopicTail({
    connection: options.connection,
    topic: shareDecisionTopic(options.classId),
    limits: DECISION_TAIL_LIMITS,
    ...(options.onFailed ? { onFailed: options.onFailed } : {}),
    onMessage(_, message) {
      const read = readShareValue('decision', message.value);
      if ('problem' in read) {
        skipped += 1;
        options.onSkipped?.({ total: skipped, reason: read.problem });
        return;
      }
      options.onDecision?.({ time: Number(message.timestamp), decision: read.message });
      holder = applyShareDecision(holder, read.message);
      if (!telling) queueMicrotask(tell);
      telling = true;
    },
  });
}
