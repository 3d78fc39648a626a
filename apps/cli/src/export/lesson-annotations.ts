/**
 * The teacher's marks over each stream of an exported lesson, as they stood at each moment: the
 * annotation topic read once, then replayed forward as the export's clock passes (video frames,
 * pictures and slides come in time order). `--no-annotations` makes an empty one.
 */
import { burnAnnotations, isBoardEmpty, type Pixels } from '@classcast/codec';
import { readAnnotationHistory, type KafkaConnection, type TimedAnnotation } from '@classcast/kafka';
import { applyAnnotation, emptyBoard, type AnnotationBoard } from '@classcast/protocol';

export interface LessonAnnotations {
  /** The board of `streamId` as it stood at `time`; times must not go back. `version` changes whenever a board does. */
  boardAt(time: number, streamId: string): { board: AnnotationBoard; version: number };
  /** `pixels` of `streamId` with its board at `time` burnt in (the same object again while neither changes). */
  burnAt(pixels: Pixels, time: number, streamId: string): Promise<Pixels>;
}

/**
 * Marks are per stream, as the viewers draw them: the teacher's over the teacher's screen, none
 * over a student's screen the teacher put on the class unless drawn over that stream.
 */
export function createLessonAnnotations(annotations: readonly TimedAnnotation[]): LessonAnnotations {
  const boards = new Map<string, AnnotationBoard>();
  let next = 0;
  let cached: { pixels: Pixels; version: number; burnt: Pixels } | undefined;
  const boardAt = (time: number, streamId: string) => {
    for (; next < annotations.length && annotations[next]!.time <= time; next += 1) {
      const { streamId: stream, annotation } = annotations[next]!;
      let board = boards.get(stream);
      if (board === undefined) boards.set(stream, (board = emptyBoard()));
      applyAnnotation(board, annotation);
    }
    return { board: boards.get(streamId) ?? emptyBoard(), version: next };
  };
  return {
    boardAt,
    async burnAt(pixels, time, streamId) {
      const { board, version } = boardAt(time, streamId);
      if (isBoardEmpty(board)) return pixels;
      if (cached?.pixels !== pixels || cached.version !== version) cached = { pixels, version, burnt: await burnAnnotations(pixels, board) };
      return cached.burnt;
    },
  };
}

/** Reads the class's annotations up to `until`; garbage on the topic is counted in one line on stderr. */
export async function readLessonAnnotations(connection: KafkaConnection, classId: string, until: number): Promise<LessonAnnotations> {
  const history = await readAnnotationHistory(connection, classId, until);
  if (history.skipped > 0)
    process.stderr.write(`skipped ${history.skipped} messages on the annotation topic that are not annotations (last: ${history.lastProblem})\n`);
  return createLessonAnnotations(history.annotations);
}

/** No marks at all (`--no-annotations`). */
export const NO_ANNOTATIONS: LessonAnnotations = createLessonAnnotations([]);
