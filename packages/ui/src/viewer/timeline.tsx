/**
 * The lesson timeline under the viewer: a scrub bar from the oldest kept frame to the newest
 * (seeks when released), the position, pause/play, 1×/2×/4× and "Back to live". It draws what
 * the gateway last said (a 'timeline' message) and sends seek / speed / live through the feed.
 */
import { useEffect, useRef, useState } from 'react';
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
}

export function Timeline({ timeline, control }: TimelineProps) {
  const slider = useRef<HTMLInputElement>(null);
  /** The slider's value while the student drags it (the gateway's position is ignored meanwhile). */
  const [scrub, setScrub] = useState<number | undefined>();
  const [playSpeed, setPlaySpeed] = useState<1 | 2 | 4>(1);
  const [jump, setJump] = useState('');
  const { start, end, mode } = timeline;
  const live = mode === 'live';

  useEffect(() => {
    if (timeline.speed !== 0) setPlaySpeed(timeline.speed);
  }, [timeline.speed]);

  // The native 'change' event fires once the thumb is released (or a key moved it): seek then,
  // not on every pixel of the drag.
  useEffect(() => {
    const input = slider.current;
    if (!input) return undefined;
    const onRelease = () => {
      setScrub(undefined);
      control({ type: 'seek', time: Math.round(Number(input.value)) });
    };
    input.addEventListener('change', onRelease);
    return () => input.removeEventListener('change', onRelease);
  }, [control]);

  const value = scrub ?? (live ? end : timeline.position);
  return (
    <div className="cc-timeline" data-mode={mode}>
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
      <input
        ref={slider}
        type="range"
        aria-label="Lesson time"
        min={start}
        max={Math.max(end, start + 1)}
        step={100}
        value={value}
        onChange={(event) => setScrub(Number(event.target.value))}
      />
      <span className="cc-time">
        {formatOffset(value - start)} / {formatOffset(end - start)}
      </span>
      {timeline.at && (
        <span className="cc-offset" title={`Kafka partition ${timeline.at.partition}, offset ${timeline.at.offset}`}>
          #{timeline.at.offset}
        </span>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const target = parseJump(jump);
          if (target && 'kafkaOffset' in target) control({ type: 'seek', partition: timeline.at?.partition ?? 0, offset: target.kafkaOffset });
          else if (target) control({ type: 'seek', time: start + target.fromStartMs });
        }}
      >
        <input
          aria-label="Jump to"
          title="a time in the lesson (m:ss) or a Kafka offset (#1234)"
          placeholder="m:ss or #offset"
          size={10}
          value={jump}
          onChange={(event) => setJump(event.target.value)}
        />
        <button type="submit">Go</button>
      </form>
      <button type="button" disabled={live} onClick={() => control({ type: 'live' })}>
        Back to live
      </button>
    </div>
  );
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
