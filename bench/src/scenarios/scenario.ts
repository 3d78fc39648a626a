/**
 * What a benchmark scenario is: a screen at 1080p that yields one raw frame per tick at 10 fps,
 * in order, each in a buffer of its own (the encoder keeps the previous frame to diff against).
 * `capturedAt` is content time (tick * 100 ms), so keyframe intervals follow the content and not
 * how fast the bench happens to run.
 */
import type { RawFrame } from '@classcast/codec';

export const SCREEN = { width: 1920, height: 1080 } as const;
export const FPS = 10;
export const TICK_MS = 1000 / FPS;

export type ScenarioName = 'slides' | 'typing' | 'scrolling' | 'video' | 'terminal' | 'browser-scroll';

export interface Scenario {
  readonly name: ScenarioName;
  /** One line for the report: what the screen shows and how it changes. */
  readonly description: string;
  /** Screen content (slides, editor, page) as opposed to video: the PSNR and encoder targets apply. */
  readonly screenContent: boolean;
  /** Anything the report must say about the frames (a capture's dropped frames). */
  readonly note?: string;
  /** How many frames there are, when the scenario ends (a real capture); synthetic ones go on. */
  readonly frames?: number;
  /** The next frame; the first call gives tick 0. A capture reads it from ffmpeg, hence maybe a promise. */
  next(): RawFrame | Promise<RawFrame>;
  /** Stops what reads the frames (a capture's ffmpeg) before the end. */
  close?(): void;
}

/** A raw frame of the benchmark screen at `tick`. */
export function screenFrame(data: Buffer, tick: number): RawFrame {
  return { data, width: SCREEN.width, height: SCREEN.height, pixelFormat: 'rgba', capturedAt: Math.round(tick * TICK_MS) };
}
