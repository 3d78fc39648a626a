/**
 * The scale bench's content: a real capture (typing in vim, or Chromium scrolling) encoded once,
 * up front, by the teacher's own tile-delta encoder into the messages the teacher would send
 * (keyframes, CCD2 deltas, refreshes, heartbeats), each tagged with its tick. The sender then
 * plays them at 10 fps in a loop: encoding live would put the teacher's encoder on the 2 cores
 * the gateway and the students are measured on.
 */
import { createFrameEncoder } from '@classcast/codec';
import type { Frame } from '@classcast/protocol';
import { createFrameStream } from '../encode/frame-stream.js';
import { progress } from '../progress.js';
import { FPS, SCENARIOS } from '../scenarios/index.js';

export const SCALE_CONTENT = { typing: 'terminal', scrolling: 'browser-scroll' } as const;
export type ScaleContentName = keyof typeof SCALE_CONTENT;

export interface ContentFrame {
  /** The 100 ms tick of the content the message belongs to (a refresh shares its delta's tick). */
  tick: number;
  frame: Frame;
}

export interface ScaleContent {
  name: ScaleContentName;
  description: string;
  ticks: number;
  frames: ContentFrame[];
  /** Kafka bytes per second of content (key + value + headers), heartbeats included. */
  bytesPerSecond: number;
  /** Messages per second of content: what a student at full rate receives. */
  messagesPerSecond: number;
}

export async function encodeContent(name: ScaleContentName, seconds: number): Promise<ScaleContent> {
  const scenario = await SCENARIOS[SCALE_CONTENT[name]]();
  const ticks = Math.min(Math.round(seconds * FPS), scenario.frames ?? Infinity);
  const encoder = createFrameEncoder();
  const stream = createFrameStream();
  const frames: ContentFrame[] = [];
  const shown = progress(`encode the ${name} content once`, ticks);
  try {
    for (let tick = 0; tick < ticks; tick += 1) {
      const raw = await scenario.next();
      const message = stream.push(await encoder.encode(raw), raw.capturedAt);
      if (message) frames.push({ tick, frame: message });
      const refresh = await encoder.takeRefresh();
      if (refresh) frames.push({ tick, frame: stream.pushRefresh(refresh, raw.capturedAt) });
      shown.update(tick + 1);
    }
  } finally {
    scenario.close?.();
  }
  shown.done(`${frames.length} messages, ${(stream.bytes / 1000).toFixed(0)} KB`);
  if (frames[0]?.frame.kind !== 'key') throw new Error(`the ${name} content must begin with a keyframe, so that every loop can start over`);
  const contentSeconds = ticks / FPS;
  return {
    name,
    description: scenario.description,
    ticks,
    frames,
    bytesPerSecond: stream.bytes / contentSeconds,
    messagesPerSecond: frames.length / contentSeconds,
  };
}

/**
 * The message to send for `content` on its `pass`-th loop, renumbered so sequences keep rising
 * across loops and every delta names the keyframe of its own loop: `keyCaptureTimes` maps the
 * renumbered key sequences sent so far to their fresh capture times.
 */
export function loopedFrame(content: ContentFrame, pass: number, framesPerPass: number, captureTime: number, keyCaptureTimes: Map<number, number>): Frame {
  const shift = pass * framesPerPass;
  const { frame } = content;
  const sequence = frame.sequence + shift;
  const keySequence = frame.keySequence + shift;
  // A keyframe (a refresh too) builds on itself, and what follows it builds on it.
  if (frame.kind === 'key') keyCaptureTimes.set(sequence, captureTime);
  const keyCaptureTime = keyCaptureTimes.get(keySequence);
  if (keyCaptureTime === undefined) throw new Error(`message ${sequence} builds on keyframe ${keySequence}, which was not sent`);
  return {
    ...frame,
    sequence,
    keySequence,
    keyCaptureTime,
    captureTime,
    ...(frame.refreshOf === undefined ? {} : { refreshOf: frame.refreshOf + shift }),
  };
}
