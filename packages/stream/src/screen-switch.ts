/**
 * Whose screen the class sees: the teacher's (the class topic), or, while the teacher lets a
 * student share, that student's (the shared-screens topic, key student-<name>; share.ts). Every
 * live viewer path runs its frames through one switch: a gateway's class hub (one for all its
 * students) and a desktop student's own feed.
 *
 *   teacher ──the holder's keyframe arrives──────────────────────▶ student
 *   student ──take-back / decline of the holder / its `end` frame──▶ teacher
 *   student ──the teacher accepts another student, its keyframe──▶ that student
 *
 * The switch keeps each screen's picture chain (the frames since its newest keyframe, payloads
 * copied so no Kafka fetch buffer is pinned): a switch hands the viewers the new screen's chain at
 * once (composed, the newest painted), and so does a joiner's catch-up. Until the accepted
 * student's first keyframe arrives the class goes on seeing the teacher: an accept never shows a
 * blank screen. Frames of any other student on the shared topic are not shown.
 */
import { studentStreamId } from '@classcast/protocol';
import type { ReceivedFrame } from '@classcast/kafka';

export interface ScreenSwitchOptions {
  /** A frame for the viewers now. */
  show(received: ReceivedFrame): void;
  /** The screen switched: the student shown now, or undefined for the teacher's. */
  onSwitch?(student: string | undefined): void;
  /** The pictures kept for switches and joiners; above it, joiners wait for the next keyframe. Default 64 MiB. */
  maxCachedBytes?: number;
  log(line: string): void;
}

export interface ScreenSwitch {
  /** A frame of the class topic. */
  teacherFrame(received: ReceivedFrame): void;
  /** A frame of the shared-screens topic. */
  sharedFrame(received: ReceivedFrame): void;
  /** Who holds the screen now by the teacher's decisions (undefined: nobody). */
  holder(student: string | undefined): void;
  /** The picture on screen now, for a joiner or a viewer back at live: the chain, all but the newest flagged catch-up. */
  current(): ReceivedFrame[];
  /** The student whose screen is shown, or undefined for the teacher's. */
  readonly showing: string | undefined;
  /** The class topic's reader stopped: its chains go (the next reader brings the picture again). */
  forgetTeacher(): void;
}

const DEFAULT_MAX_CACHED_BYTES = 64 * 1024 * 1024;

interface SharedChain {
  student: string;
  frames: ReceivedFrame[];
  ended: boolean;
}

export function createScreenSwitch(options: ScreenSwitchOptions): ScreenSwitch {
  const maxCachedBytes = options.maxCachedBytes ?? DEFAULT_MAX_CACHED_BYTES;
  /** Per partition of the class topic, the frames since the newest keyframe. */
  const teacherChains = new Map<number, ReceivedFrame[]>();
  let shared: SharedChain | undefined;
  let holder: string | undefined;

  const showing = (): string | undefined =>
    holder !== undefined && shared?.student === holder && shared.frames.length > 0 && !shared.ended ? holder : undefined;

  /** The payload bytes of every chain kept, counted as chains grow and go (not summed again at each frame). */
  let keptBytes = 0;

  function dropShared(): void {
    keptBytes -= bytesOf(shared?.frames ?? []);
    shared = undefined;
  }

  /** Adds a copy of the frame to `chain` (a keyframe starts it again); returns the copy and the chain. */
  function keep(chain: ReceivedFrame[] | undefined, received: ReceivedFrame, sharedBy?: string): { copy: ReceivedFrame; chain: ReceivedFrame[] } {
    const frame = { ...received.frame, payload: Uint8Array.prototype.slice.call(received.frame.payload) };
    const copy: ReceivedFrame = sharedBy === undefined ? { ...received, frame } : { ...received, frame, sharedBy };
    const next = frame.kind === 'key' || chain === undefined ? [] : chain;
    if (next !== chain) keptBytes -= bytesOf(chain ?? []);
    // A chain that does not start at a keyframe cannot be drawn: a joiner waits for the next one.
    if (next.length > 0 || frame.kind === 'key') {
      next.push(copy);
      keptBytes += frame.payload.length;
    }
    return { copy, chain: next };
  }

  function overLimit(): void {
    if (keptBytes <= maxCachedBytes) return;
    options.log(`the frames since the last keyframe pass ${maxCachedBytes} bytes: joiners wait for the next keyframe`);
    teacherChains.clear();
    if (shared) shared.frames = [];
    keptBytes = 0;
  }

  function switched(before: string | undefined): void {
    const after = showing();
    if (after === before) return;
    options.onSwitch?.(after);
    for (const received of current()) options.show(received);
  }

  // One object per variant, so joiners share its encoding (feed-outbox's encodedFrameOf) as live frames do.
  const variants = new WeakMap<ReceivedFrame, ReceivedFrame>();
  function withCatchingUp(received: ReceivedFrame, catchingUp: boolean): ReceivedFrame {
    if (received.catchingUp === catchingUp) return received;
    let copy = variants.get(received);
    if (copy === undefined) variants.set(received, (copy = { ...received, catchingUp }));
    return copy;
  }

  function current(): ReceivedFrame[] {
    const frames = showing() === undefined ? [...teacherChains.values()].flat() : (shared?.frames ?? []);
    return frames.map((received, index) => withCatchingUp(received, index < frames.length - 1));
  }

  return {
    teacherFrame(received) {
      const { copy, chain } = keep(teacherChains.get(received.partition), received);
      teacherChains.set(received.partition, chain);
      overLimit();
      if (showing() === undefined) options.show(copy);
    },
    sharedFrame(received) {
      if (holder === undefined || received.frame.streamId !== studentStreamId(holder)) return;
      const before = showing();
      if (received.frame.kind === 'end') {
        if (shared?.student === holder) shared.ended = true;
        return switched(before);
      }
      const mine = shared?.student === holder && !shared.ended ? shared.frames : undefined;
      if (mine === undefined) dropShared();
      const { copy, chain } = keep(mine, received, holder);
      shared = { student: holder, frames: chain, ended: false };
      overLimit();
      if (before === holder) options.show(copy);
      else switched(before);
    },
    holder(student) {
      const before = showing();
      holder = student;
      if (shared !== undefined && shared.student !== student) dropShared();
      switched(before);
    },
    current,
    get showing() {
      return showing();
    },
    forgetTeacher() {
      for (const chain of teacherChains.values()) keptBytes -= bytesOf(chain);
      teacherChains.clear();
    },
  };
}

function bytesOf(frames: readonly ReceivedFrame[]): number {
  return frames.reduce((sum, received) => sum + received.frame.payload.length, 0);
}
