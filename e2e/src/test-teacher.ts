/**
 * A teacher for the browser tests: the real teacher stream (test pattern → sharp → Broadcaster)
 * on a real broker, remembering which test-pattern counter each sent frame carries, so a test can
 * say which picture a student must see.
 */
import { createTestPatternSource, renderCounterSlide } from '@classcast/capture';
import type { RawFrame } from '@classcast/codec';
import type { KafkaConnection } from '@classcast/kafka';
import { createTeacherStream, type TeacherStream } from '@classcast/stream/teacher';
import type { ClasscastError } from '@classcast/protocol';

export const PATTERN = { width: 640, height: 360 } as const;

export interface TestTeacher {
  session: TeacherStream;
  /** Every frame sent, in order, with the counter drawn in its picture. */
  sent: Array<{ sequence: number; counter: number; kind: 'key' | 'delta'; at: number; offset: string }>;
  /** Failed sends (while a broker is down), for the test's diagnostics. */
  errors: ClasscastError[];
  /** Ends the broadcast (students see "the lesson has ended") and disconnects. */
  stop(): Promise<void>;
}

/**
 * 'pattern': the moving test pattern (every tile changes: keyframes only).
 * 'slide': a still slide where only the counter box and the block band change, so the broadcast
 *   session sends tile deltas between keyframes (see counterSlide).
 * 'still': the slide with counter 7, unchanged (keyframes and heartbeats only): the same pixels
 *   on every run, for screenshot baselines.
 */
export type TeacherScreen = 'pattern' | 'slide' | 'still';

export async function startTestTeacher(options: { connection: KafkaConnection; classId: string; fps: number; screen?: TeacherScreen }): Promise<TestTeacher> {
  const slide = options.screen === 'slide';
  const source = slide ? createSlideSource() : options.screen === 'still' ? createSlideSource(7) : createTestPatternSource(PATTERN);
  let counter = -1;
  const teacher: TestTeacher = {
    sent: [],
    errors: [],
    session: createTeacherStream({
      // The pattern draws frame n's counter as n: count the pictures taken to know what was sent.
      source: { next: () => ((counter += 1), source.next()) },
      kafka: { connection: options.connection, classId: options.classId },
      fps: options.fps,
      tileDeltas: slide,
      encoder: { codec: 'jpeg', quality: 85 },
      onSent: ({ sequence, kind, offset }) => teacher.sent.push({ sequence, counter, kind, at: Date.now(), offset }),
      onError: (error) => teacher.errors.push(error),
    }),
    async stop() {
      await teacher.session.stop();
      await source.close();
    },
  };
  await teacher.session.open();
  void teacher.session.start();
  return teacher;
}

/** Picture n of the 'slide' screen (a few tiles change a frame: deltas between keyframes). */
export function counterSlide(n: number): Buffer {
  return renderCounterSlide(n, PATTERN.width, PATTERN.height);
}

/** The counter slide, counting up; or always showing `still`. */
function createSlideSource(still?: number): { next(): Promise<RawFrame>; close(): Promise<void> } {
  let n = 0;
  const picture = still === undefined ? undefined : counterSlide(still);
  return {
    next: async () => ({ data: picture ?? counterSlide(n++), ...PATTERN, pixelFormat: 'rgba', capturedAt: Date.now() }),
    close: async () => undefined,
  };
}
