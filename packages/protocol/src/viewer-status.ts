/**
 * What a viewer tells the student about the stream, shared by the desktop and web viewers.
 *   connecting    reaching Kafka or the gateway
 *   waiting       connected, but the class has not started broadcasting (its topic exists: an admin
 *                 created the class, or a teacher broadcast to it before)
 *   unknown-class Kafka has no topic for this class: a mistyped name, or a class no admin created
 *                 and no teacher has started yet (the two look the same to Kafka); still retried,
 *                 so the stream goes live if a teacher starts such a class
 *   live          frames arrive and are current
 *   behind        frames arrive but late (slow network or machine); the viewer is skipping ahead
 *   reconnecting  the connection or the broker was lost; retrying with backoff
 *   ended         the teacher ended the broadcast; the last picture stays
 */
export const VIEWER_STATUSES = ['connecting', 'waiting', 'unknown-class', 'live', 'behind', 'reconnecting', 'ended'] as const;
export type ViewerStatus = (typeof VIEWER_STATUSES)[number];

export function isViewerStatus(value: unknown): value is ViewerStatus {
  return typeof value === 'string' && (VIEWER_STATUSES as readonly string[]).includes(value);
}

/** Frames older than this when they arrive make the viewer say "behind". */
export const BEHIND_AFTER_MS = 2000;
