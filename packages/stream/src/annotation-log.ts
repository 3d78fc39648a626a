/**
 * A class's annotations in memory, in the topic's order, so that every student's board can be
 * built for any moment of the lesson: the board now for a late joiner, the board at a replayed
 * picture's capture time for a student on the timeline. Read once per class on a gateway (the
 * fan-out hands it to every seat) and once per desktop student.
 *
 * Bounded: past `maxBytes` of marks the oldest are folded into the base boards. A replay from
 * before the fold then starts from the base (the board as it stood at the oldest kept mark); what
 * is on the board now is never lost.
 */
import { applyAnnotation, emptyBoard, type AnnotationBoard } from '@classcast/protocol';
import { startAnnotationTail, type AnnotationEntry, type AnnotationTail, type KafkaConnection } from '@classcast/kafka';

/** About ten thousand full strokes; a lesson of ordinary pen work is far below. */
export const DEFAULT_MAX_ANNOTATION_LOG_BYTES = 32 * 1024 * 1024;

export interface AnnotationLog {
  /** The boards at `time` (capture time on the teacher's clock), per stream; Infinity: now. */
  boardsAt(time: number): Map<string, AnnotationBoard>;
  /** The marks drawn after `after` up to `upTo`, in order; undefined when more than `limit`. */
  between(after: number, upTo: number, limit: number): AnnotationEntry[] | undefined;
  /** Whether any mark was ever read: a class without pen work costs its students nothing. */
  readonly empty: boolean;
  append(entry: AnnotationEntry): void;
  /** Each mark as it is appended; returns the function that stops it. */
  onEntry(listener: (entry: AnnotationEntry) => void): () => void;
}

export function createAnnotationLog(maxBytes = DEFAULT_MAX_ANNOTATION_LOG_BYTES): AnnotationLog {
  const entries: Array<{ entry: AnnotationEntry; bytes: number }> = [];
  const base = new Map<string, AnnotationBoard>();
  const listeners = new Set<(entry: AnnotationEntry) => void>();
  let bytes = 0;
  let seen = false;

  function fold(): void {
    while (bytes > maxBytes && entries.length > 1) {
      const { entry, bytes: size } = entries.shift()!;
      bytes -= size;
      applyTo(base, entry);
    }
  }

  return {
    boardsAt(time) {
      const boards = new Map([...base].map(([stream, board]) => [stream, copyBoard(board)]));
      for (const { entry } of entries) if (entry.time <= time) applyTo(boards, entry);
      return boards;
    },
    between(after, upTo, limit) {
      const found: AnnotationEntry[] = [];
      for (const { entry } of entries) {
        if (entry.time <= after || entry.time > upTo) continue;
        if (found.length === limit) return undefined;
        found.push(entry);
      }
      return found;
    },
    get empty() {
      return !seen;
    },
    append(entry) {
      seen = true;
      const size = 100 + (entry.annotation.type === 'stroke' ? entry.annotation.points.length * 9 : 0);
      entries.push({ entry, bytes: size });
      bytes += size;
      fold();
      for (const listener of [...listeners]) listener(entry);
    },
    onEntry(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function applyTo(boards: Map<string, AnnotationBoard>, { streamId, annotation }: AnnotationEntry): void {
  let board = boards.get(streamId);
  if (board === undefined) boards.set(streamId, (board = emptyBoard()));
  applyAnnotation(board, annotation);
}

function copyBoard(board: AnnotationBoard): AnnotationBoard {
  return { strokes: new Map(board.strokes), pointer: board.pointer };
}

/** Fills `log` from the class's annotation topic; `read` again with another login goes on where the last one was. */
export interface AnnotationSource {
  read(connection: KafkaConnection): void;
  stop(): Promise<void>;
}

export function createAnnotationSource(classId: string, log: AnnotationLog, say: (line: string) => void): AnnotationSource {
  let tail: AnnotationTail | undefined;
  let stopped = false;
  /** The old tail stops before the new one starts where it ended, so no mark comes twice or out of order. */
  let turn: Promise<void> = Promise.resolve();
  return {
    read(connection) {
      turn = turn.then(async () => {
        const old = tail;
        tail = undefined;
        await old?.stop();
        if (stopped) return;
        const from = old?.positions();
        tail = startAnnotationTail({
          connection,
          classId,
          ...(from ? { from } : {}),
          onEntry: (entry) => log.append(entry),
          onSkipped: ({ total, reason }) => say(`skipped an annotation (${total} so far): ${reason}`),
          onFailed: (failure) => say(`annotations unavailable: ${failure.message}`),
        });
      });
    },
    async stop() {
      stopped = true;
      await turn;
      await tail?.stop();
      tail = undefined;
    },
  };
}
