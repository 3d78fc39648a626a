/**
 * The lesson timeline under the viewer: where the student is in words ("live", "12 s behind",
 * "paused at 0:42"), pause/play, 1×/2×/4×, a scrub bar from the oldest kept frame to the newest
 * (seeks when released), a jump field and "Back to live". It draws what the gateway last said
 * (a 'timeline' message) and the picture on screen, and sends seek / speed / live through the feed.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { GatewayControl, GatewayTimeline } from '@classcast/protocol';
import type { FrameFeed } from './frame-feed.js';

const PLAY_SPEEDS = [1, 2, 4] as const;

/** The newest timeline the feed reported, or undefined while there is none. */
export function useTimeline(feed: FrameFeed): GatewayTimeline | undefined {
  const [timeline, setTimeline] = useState<GatewayTimeline | undefined>();
  useEffect(() => {
    setTimeline(undefined);
    return feed.subscribe((event) => {
      if (event.type === 'timeline') setTimeline(event);
      // A reconnect starts live again, with a timeline of its own to come.
      if (event.type === 'status' && event.status === 'reconnecting') setTimeline(undefined);
    });
  }, [feed]);
  return timeline;
}

export interface TimelineProps {
  timeline: GatewayTimeline;
  control(message: GatewayControl): void;
  /** Capture time of the picture on screen: in replay and paused the timeline shows this place. */
  pictureTime?: number | undefined;
}

export function Timeline({ timeline, control, pictureTime }: TimelineProps) {
  const [playSpeed, setPlaySpeed] = useState<1 | 2 | 4>(1);
  const { start, mode } = timeline;
  const live = mode === 'live';
  // The lesson reaches at least the picture on screen (a frame can arrive before its timeline).
  const end = Math.max(timeline.end, pictureTime ?? timeline.end);
  const seek = useSeek(control, pictureTime);
  const place = seek.target ?? (live ? end : (pictureTime ?? timeline.position));

  useEffect(() => {
    if (timeline.speed !== 0) setPlaySpeed(timeline.speed);
  }, [timeline.speed]);

  return (
    <div className="cc-timeline" data-mode={mode}>
      <div className="cc-play-controls">
        <button type="button" onClick={() => control({ type: 'speed', speed: mode === 'paused' ? playSpeed : 0 })}>
          {mode === 'paused' ? 'Play' : 'Pause'}
        </button>
        {PLAY_SPEEDS.map((speed) => (
          <button
            key={speed}
            type="button"
            aria-pressed={!live && playSpeed === speed}
            onClick={() => {
              setPlaySpeed(speed);
              control({ type: 'speed', speed });
            }}
          >
            {speed}×
          </button>
        ))}
        <span className="cc-where">{describePlace(mode, place - start, end - place)}</span>
      </div>
      <LessonSlider start={start} end={end} place={place} onSeek={seek.to} />
      {timeline.at && (
        <span className="cc-offset" title={`Kafka partition ${timeline.at.partition}, offset ${timeline.at.offset}`}>
          #{timeline.at.offset}
        </span>
      )}
      <JumpForm start={start} end={end} partition={timeline.at?.partition ?? 0} control={control} />
      <button type="button" className="cc-back-to-live" disabled={live} onClick={() => control({ type: 'live' })}>
        Back to live
      </button>
    </div>
  );
}

/** How long a seek's target is shown at most while no picture from there arrives (a refused seek, a still screen). */
const SEEK_HOLD_MS = 3000;

/**
 * Sends a seek, and holds its target on the timeline until a picture from after the seek is on
 * screen (until then the picture, and the gateway's position, still say where the student was),
 * or SEEK_HOLD_MS have passed: nothing may hold the timeline for good.
 */
function useSeek(control: TimelineProps['control'], pictureTime: number | undefined) {
  const [pending, setPending] = useState<{ time: number; pictureTime: number | undefined } | undefined>();
  const target = pending && pending.pictureTime === pictureTime ? pending.time : undefined;
  useEffect(() => {
    if (!pending) return undefined;
    const timer = setTimeout(() => setPending(undefined), SEEK_HOLD_MS);
    return () => clearTimeout(timer);
  }, [pending]);
  return {
    target,
    to(time: number) {
      setPending({ time, pictureTime });
      control({ type: 'seek', time });
    },
  };
}

interface LessonSliderProps {
  start: number;
  end: number;
  /** Where the student is (ms, capture time). */
  place: number;
  onSeek(time: number): void;
}

/**
 * The scrub bar and its readout. A gesture (a pointer pressed on it, or a key held) owns the
 * thumb: while it lasts the thumb shows what the student picks, and its end seeks there. Outside
 * a gesture the thumb always shows `place` — a change event the browser sends late (after the
 * release) must not take the thumb over, or it would stay where it was while the picture moves.
 */
function LessonSlider({ start, end, place, onSeek }: LessonSliderProps) {
  const gesture = useRef<{ by: 'pointer' | 'key'; moved: boolean } | undefined>(undefined);
  const [picked, setPicked] = useState<number | undefined>();
  const shown = picked ?? place;

  const finish = (input: HTMLInputElement, commit: boolean) => {
    const moved = gesture.current?.moved === true;
    gesture.current = undefined;
    setPicked(undefined);
    if (commit && moved) onSeek(Math.round(Number(input.value)));
  };

  return (
    <div className="cc-slider">
      <input
        type="range"
        aria-label="Lesson time"
        min={start}
        max={Math.max(end, start + 1)}
        step={100}
        value={shown}
        onPointerDown={(event: PointerEvent<HTMLInputElement>) => {
          gesture.current = { by: 'pointer', moved: false };
          // The release may happen beside the bar: it still ends this gesture.
          event.currentTarget.setPointerCapture(event.pointerId);
        }}
        onPointerUp={(event) => finish(event.currentTarget, true)}
        onPointerCancel={(event) => finish(event.currentTarget, false)}
        onKeyDown={() => {
          gesture.current ??= { by: 'key', moved: false };
        }}
        onKeyUp={(event: KeyboardEvent<HTMLInputElement>) => {
          if (gesture.current?.by === 'key') finish(event.currentTarget, true);
        }}
        onChange={(event) => {
          if (!gesture.current) return;
          gesture.current.moved = true;
          setPicked(Number(event.target.value));
        }}
      />
      <span className="cc-time">
        {formatOffset(shown - start)} / {formatOffset(end - start)}
      </span>
    </div>
  );
}

interface JumpFormProps {
  start: number;
  end: number;
  partition: number;
  control: TimelineProps['control'];
}

/** "Jump to" a time or a Kafka offset; anything else, or a time past the lesson's end, is answered in place. */
function JumpForm({ start, end, partition, control }: JumpFormProps) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <form
      className="cc-jump"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const target = parseJump(text);
        const trouble = jumpProblem(text, target, end - start);
        setProblem(trouble);
        if (trouble || !target) return;
        if ('kafkaOffset' in target) control({ type: 'seek', partition, offset: target.kafkaOffset });
        else control({ type: 'seek', time: start + target.fromStartMs });
      }}
    >
      <input
        aria-label="Jump to"
        title="a time in the lesson (m:ss) or a Kafka offset (#1234)"
        placeholder="m:ss or #offset"
        size={10}
        value={text}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'cc-jump-problem' : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setProblem(undefined);
        }}
      />
      <button type="submit">Go</button>
      {problem && (
        <p className="cc-jump-problem" id="cc-jump-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

/** Why a jump cannot be made, in the student's words; undefined when it can. */
export function jumpProblem(text: string, target: ReturnType<typeof parseJump>, lengthMs: number): string | undefined {
  if (!target) return `"${text.trim()}" is not a time in the lesson: type minutes and seconds, like 1:05`;
  if ('fromStartMs' in target && target.fromStartMs > lengthMs) return `The lesson is ${formatOffset(lengthMs)} long so far: pick a time up to that`;
  return undefined;
}

/** Where the student is, in words: "live", "12 s behind" (replaying), "paused at 0:42". */
export function describePlace(mode: GatewayTimeline['mode'], fromStartMs: number, behindMs: number): string {
  if (mode === 'live') return 'live';
  if (mode === 'paused') return `paused at ${formatOffset(fromStartMs)}`;
  return `${formatDuration(behindMs)} behind`;
}

/** "12 s", "3 min 05 s", "1 h 02 min" */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

/** "1:05" for 65 000 ms (from the lesson's start); hours when needed ("1:02:03"). */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** What the jump field asks for: "1:05" a time from the lesson's start, "#1234" a Kafka offset; undefined for anything else. */
export function parseJump(text: string): { fromStartMs: number } | { kafkaOffset: string } | undefined {
  const offset = /^#\s*(\d{1,19})$/.exec(text.trim());
  if (offset) return { kafkaOffset: String(BigInt(offset[1]!)) };
  const fromStartMs = parseOffset(text);
  return fromStartMs === undefined ? undefined : { fromStartMs };
}

/** "1:05", "65" or "1:02:03" → ms from the lesson's start; undefined for anything else. */
export function parseOffset(text: string): number | undefined {
  if (!/^\d+(:\d{1,2}){0,2}$/.test(text.trim())) return undefined;
  const seconds = text
    .trim()
    .split(':')
    .reduce((sum, part) => sum * 60 + Number(part), 0);
  return seconds * 1000;
}
