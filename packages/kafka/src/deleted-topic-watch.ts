/**
 * Notices that a subscription's class topic was deleted under it. kafkajs retries a deleted topic
 * quietly (its fetches just come back empty), so a live student would stay "live" on a frozen
 * picture. A live teacher sends at least a heartbeat a second: after this much silence the watch
 * asks whether the topic still exists, often enough to notice before a teacher has created it
 * again (that takes the teacher ≥ 2.5 s), and less and less often while the topic is still there
 * (a paused replay, a hung teacher app).
 */
import type { Admin } from 'kafkajs';

const SILENCE_BEFORE_CHECK_MS = 1200;
const CHECK_EVERY_MS = 300;
const CHECK_BACKOFF_MAX_MS = 5000;

export interface DeletedTopicWatch {
  /** A message arrived: the silence is over. */
  noteMessage(): void;
  stop(): void;
}

export function watchForDeletedTopic(options: { admin: Admin; topic: string; isLive(): boolean; onDeleted(): void }): DeletedTopicWatch {
  let lastMessageAt = Date.now();
  let backoffMs = CHECK_EVERY_MS;
  let nextCheckAt = 0;
  let checking = false;
  const timer = setInterval(() => {
    const now = Date.now();
    if (!options.isLive() || checking || now - lastMessageAt < SILENCE_BEFORE_CHECK_MS || now < nextCheckAt) return;
    checking = true;
    options.admin
      .listTopics()
      .then((topics) => {
        if (!topics.includes(options.topic)) return options.onDeleted();
        nextCheckAt = Date.now() + backoffMs;
        backoffMs = Math.min(backoffMs * 2, CHECK_BACKOFF_MAX_MS);
      })
      // An unreachable broker is reported by the consumer's own crash and restart.
      .catch(() => undefined)
      .finally(() => (checking = false));
  }, CHECK_EVERY_MS);
  timer.unref();
  return {
    noteMessage() {
      lastMessageAt = Date.now();
      backoffMs = CHECK_EVERY_MS;
      nextCheckAt = 0;
    },
    stop: () => clearInterval(timer),
  };
}
