/**
 * What one client of a lesson got, frame by frame: each frame's sequence and when it came (for a
 * teacher, when Kafka confirmed it), and the questions a fault test asks of it: when did the
 * first frame sent after a fault arrive, and which frames of a stretch of the lesson are missing
 * or came twice. A frame read with `catchingUp` (replayed only to compose the current picture on
 * joining) was never shown: it counts as neither received nor repeated.
 */
export interface FrameArrival {
  sequence: number;
  /** ms since the epoch. */
  at: number;
  kind?: string;
  catchingUp?: boolean;
}

/** Sequences `from` to `to`, both included. */
export interface SequenceWindow {
  from: number;
  to: number;
}

export interface FrameLog {
  readonly arrivals: readonly FrameArrival[];
  add(arrival: FrameArrival): void;
  /** The newest sequence shown so far. */
  lastSequence(): number | undefined;
  /** The first frame shown whose sequence is `sequence` or later. */
  firstFrom(sequence: number): FrameArrival | undefined;
  /** Frames of `window` never shown, and those shown more than once. */
  gapsAndRepeats(window: SequenceWindow): { missing: number[]; repeated: number[] };
}

export function createFrameLog(): FrameLog {
  const arrivals: FrameArrival[] = [];
  const shown = () => arrivals.filter((arrival) => !arrival.catchingUp);
  return {
    arrivals,
    add: (arrival) => void arrivals.push(arrival),
    lastSequence: () => shown().at(-1)?.sequence,
    firstFrom: (sequence) => shown().find((arrival) => arrival.sequence >= sequence),
    gapsAndRepeats({ from, to }) {
      const times = new Map<number, number>();
      for (const { sequence } of shown()) if (sequence >= from && sequence <= to) times.set(sequence, (times.get(sequence) ?? 0) + 1);
      const missing = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i).filter((sequence) => !times.has(sequence));
      return { missing, repeated: [...times].filter(([, count]) => count > 1).map(([sequence]) => sequence) };
    },
  };
}
