/**
 * What the bench's parent process and its student processes say to each other over the IPC
 * channel: the child's settings (as its one argument), "ready", "finish", and the report.
 */

/**
 * compose: a classcast Subscription whose every frame goes through a picture compositor (a student).
 * receive: a classcast Subscription that only notes arrival (the library's cost, no decoding).
 * plain:   a plain kafkajs consumer that only notes arrival (the baseline).
 */
export type StudentMode = 'compose' | 'receive' | 'plain';

export interface StudentProcessConfig {
  mode: StudentMode;
  brokers: string[];
  /** The class (compose, receive) whose topic to read. */
  classId: string;
  /** The topic a plain consumer reads. */
  topic: string;
  names: string[];
  /** Each student's rack (Kafka's client.rack: it fetches from the replica there), parallel to names; none: no rack. */
  racks?: string[];
}

/** [offset, received at, composed at] in epoch ms; composed at = received at unless composing. */
export type Receipt = [number, number, number];

export type ParentMessage = { type: 'finish'; lastOffset: number; timeoutMs: number };

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'report'; receipts: Receipt[][]; cpuMs: number; maxRssMb: number; skipped: number; errors: string[] }
  | { type: 'failed'; message: string };
