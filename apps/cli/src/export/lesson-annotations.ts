/**
 * The teacher's marks over one stream of an exported lesson, as they stood at each moment: the
 * annotation topic read once, then replayed forward as the export's clock passes (video frames,
 * pictures and slides come in time order). `--no-annotations` makes an empty one.
 */
import { burnAnnotations, isBoardEmpty, type Pixels } from '@classcast/codec';
import { readAnnotationHistory, type KafkaConnection, type TimedAnnotation } from '@classcast/kafka';
import { applyAnnotation, emptyBoard, type AnnotationBoard } from '@classcast/protocol';

export interface LessonAnnotations {
  /** The board as it stood at `time`; times must not go back. `version` changes whenever the board does. */
  boardAt(time: number): { board: AnnotationBoard; version: number };
  /** `pixels` with the board at `time` burnt in (the same object again while neither changes). */
  burnAt(pixels: Pixels, time: number): Promise<Pixels>;
}

export function createLessonAnnotations(annotations: readonly TimedAnnotation[], streamId: string): LessonAnnotations {
  const mine = annotations.filter((timed) => timed.streamId === streamId);
  const board = emptyBoard();
  let next = 0;
  let cached: { pixels: Pixels; version: number; burnt: Pixels } | undefined;
  const boardAt = (time: number) => {
    while (next < mine.length && mine[next]!.time <= time) applyAnnotation(board, mine[next++]!.annotation);
    return { board, version: next };
  };
  return {
    boardAt,
    async burnAt(pixels, time) {
      const { version } = boardAt(time);
      if (isBoardEmpty(board)) return pixels;
      if (cached?.pixels !== pixels || cached.version !== version) cached = { pixels, version, burnt: await burnAnnotations(pixels, board) };
      return cached.burnt;
    },
  };
}

/** Reads the class's annotations up to `until`; garbage on the topic is counted in one line on stderr. */
export async function readLessonAnnotations(connection: KafkaConnection, classId: string, streamId: string, until: number): Promise<LessonAnnotations> {
  const history = await readAnnotationHistory(connection, classId, until);
  if (history.skipped > 0)
    process.stderr.write(`skipped ${history.skipped} messages on the annotation topic that are not annotations (last: ${history.lastProblem})\n`);
  return createLessonAnnotations(history.annotations, streamId);
}

/** No marks at all (`--no-annotations`). */
export const NO_ANNOTATIONS: LessonAnnotations = createLessonAnnotations([], '');
