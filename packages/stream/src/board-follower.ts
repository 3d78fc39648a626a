/**
 * What one student's viewer draws over the picture, kept in step with the picture (gateway-
 * messages.ts "board" and "annotation"):
 *
 *   live ── each new mark as it is read; the whole board on joining and on coming back to live
 *   replay / paused ── the picture on screen was captured at t: the marks drawn since the last t
 *       as they pass, or the whole board at t when the picture went back in time (a seek) or
 *       jumped far ahead (more than MAX_MARKS_AT_ONCE marks)
 *
 * Bounded per student: while the student's transport is backed up nothing is sent; the board
 * is sent whole once it reads again (every second at most), never a queue of marks. A board
 * message is at most MAX_BOARD_BYTES. A class whose topic has no marks sends nothing at all.
 */
import { boardMessage, emptyBoard, type GatewayBoard, type GatewayMark } from '@classcast/protocol';
import type { AnnotationEntry } from '@classcast/kafka';
import type { AnnotationLog } from './annotation-log.js';

const MAX_MARKS_AT_ONCE = 64;
const FLUSH_MS = 1000;

export interface BoardFollowerOptions {
  log: AnnotationLog;
  tell(message: GatewayBoard | GatewayMark): void;
  /** The transport holds more than it should: marks wait, as a whole board. */
  isBackedUp(): boolean;
}

export interface BoardFollower {
  /** The student is live (joined, or back from the timeline). */
  live(): void;
  /** Away from live, the picture on screen was captured at `time`. */
  at(time: number): void;
  readonly isLive: boolean;
  close(): void;
}

export function createBoardFollower(options: BoardFollowerOptions): BoardFollower {
  const { log } = options;
  /** The capture time the viewer's boards stand at; Infinity: live. */
  let cursor = Number.POSITIVE_INFINITY;
  let live = false;
  /** The viewer's boards are behind: the whole board goes at the next chance. */
  let behind = false;
  /** Streams the viewer holds a board of: a board emptied by going back in time is sent empty. */
  const told = new Set<string>();

  function sendBoards(): void {
    if (log.empty) return;
    if (options.isBackedUp()) return void (behind = true);
    behind = false;
    const boards = log.boardsAt(cursor);
    for (const stream of new Set([...told, ...boards.keys()])) {
      told.add(stream);
      options.tell(boardMessage(stream, boards.get(stream) ?? emptyBoard()));
    }
  }

  function send(entries: readonly AnnotationEntry[]): void {
    if (behind || options.isBackedUp()) return void (behind = true);
    for (const { streamId, annotation } of entries) {
      told.add(streamId);
      options.tell({ type: 'annotation', stream: streamId, annotation });
    }
  }

  const stopListening = log.onEntry((entry) => {
    if (live) send([entry]);
  });
  const flushTimer = setInterval(() => behind && sendBoards(), FLUSH_MS);
  flushTimer.unref?.();

  return {
    get isLive() {
      return live;
    },
    live() {
      if (live) return;
      live = true;
      cursor = Number.POSITIVE_INFINITY;
      sendBoards();
    },
    at(time) {
      const from = cursor;
      live = false;
      cursor = time;
      if (time === from) return;
      const passed = time > from ? log.between(from, time, MAX_MARKS_AT_ONCE) : undefined;
      if (passed === undefined) sendBoards();
      else send(passed);
    },
    close() {
      clearInterval(flushTimer);
      stopListening();
    },
  };
}
