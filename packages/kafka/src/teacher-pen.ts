/**
 * The teacher's pen as a panel sends it (the desktop app over IPC, the teacher console over its
 * socket): each mark is written to the class's annotation topic over the shared screen
 * (DEFAULT_STREAM_ID) with the teacher's own connection, as the broadcast is. One writer is kept
 * for the class and login in use, since a growing stroke is sent up to ten times a second;
 * another class or login replaces it. Marks are written one after the other, in the order drawn:
 * a growing stroke replaces itself by its id, so a shorter copy landing after a longer one would
 * cut the stroke short on every board.
 */
import { DEFAULT_STREAM_ID, type Annotation } from '@classcast/protocol';
import { createAnnotationWriter, type AnnotationWriter } from './annotations.js';
import type { KafkaConnection } from './connection.js';

export interface PenTarget {
  classId: string;
  /** Tells logins apart (a user name); the same class and key reuse the writer. */
  login: string;
  /** Made only when a new writer is needed. */
  connection(): KafkaConnection;
}

export interface TeacherPen {
  draw(target: PenTarget, annotation: Annotation): Promise<void>;
  /** Disconnects the writer (the panel went away). */
  stop(): Promise<void>;
}

export function createTeacherPen(): TeacherPen {
  let current: { key: string; writer: AnnotationWriter; started: Promise<void> } | undefined;
  /** The mark being written; the next waits for it. */
  let queue: Promise<unknown> = Promise.resolve();

  function writerFor(target: PenTarget): { writer: AnnotationWriter; started: Promise<void> } {
    const key = JSON.stringify([target.classId, target.login]);
    if (current?.key === key) return current;
    const old = current;
    void old?.started.then(() => old.writer.stop()).catch(() => undefined);
    const writer = createAnnotationWriter({ connection: target.connection(), classId: target.classId });
    const next = { key, writer, started: writer.start() };
    // A writer that could not start is not kept: the next mark tries again.
    next.started.catch(() => current === next && (current = undefined));
    current = next;
    return next;
  }

  return {
    draw(target, annotation) {
      const written = queue.then(async () => {
        const { writer, started } = writerFor(target);
        await started;
        await writer.draw(DEFAULT_STREAM_ID, annotation);
      });
      queue = written.catch(() => undefined);
      return written;
    },
    async stop() {
      const last = current;
      current = undefined;
      await last?.started.then(() => last.writer.stop()).catch(() => undefined);
    },
  };
}
