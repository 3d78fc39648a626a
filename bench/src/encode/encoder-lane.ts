/**
 * One encoder under test (classcast's tile-delta encoder, or whole-frame JPEG) fed the same
 * frames as the other: times every encode, counts the bytes of the messages it makes, and
 * composes those messages as a student would (timed too: the student's share of the work) to
 * compare the picture with the source (PSNR).
 */
import { createPictureCompositor, psnr, type EncodedFrame, type EncodedKeyframe, type RawFrame } from '@classcast/codec';
import type { Frame } from '@classcast/protocol';
import { timed } from '../clock.js';
import { summarize, summarizeGroups, type Summary } from '../stats.js';
import { createFrameStream } from './frame-stream.js';

/** PSNR costs a full pass over both pictures: sample every Nth frame (the same ticks for every encoder). */
export const PSNR_EVERY = 5;

export interface LaneFigures {
  bytes: number;
  messages: number;
  heartbeats: number;
  /** Per captured frame what encode() made, plus the refresh keyframes sent after some of them. */
  kinds: Record<EncodedFrame['kind'] | 'refresh', number>;
  encodeMs: Summary;
  /** Encode time of keyframes and of deltas alone: where the time goes. */
  encodeMsByKind: Partial<Record<'key' | 'delta', Summary>>;
  cpuMsPerFrame: number;
  /** A student's work per message: decode the picture or atlas and draw it (the compositor). */
  composeMsByKind: Partial<Record<'key' | 'delta', Summary>>;
  psnr: { min: number; mean: number; samples: number };
}

export interface EncoderLane {
  encode(raw: RawFrame): Promise<void>;
  /** PSNR of the picture a student sees now against `raw`, the source. */
  samplePsnr(raw: RawFrame): void;
  figures(): LaneFigures;
  /** The key and delta messages sent, in order, when the lane was asked to keep them. */
  readonly kept: readonly Frame[];
}

/** What an encoder makes of one captured frame: a message, and maybe a refresh keyframe to send after it. */
export interface LaneOutput {
  encoded: EncodedFrame;
  refresh?: EncodedKeyframe | undefined;
}

export function createEncoderLane(encode: (raw: RawFrame) => Promise<LaneOutput>, keep = false): EncoderLane {
  const kept: Frame[] = [];
  const stream = createFrameStream();
  const compositor = createPictureCompositor();
  const kinds: LaneFigures['kinds'] = { key: 0, delta: 0, unchanged: 0, refresh: 0 };
  const wall: number[] = [];
  const wallByKind = { key: [] as number[], delta: [] as number[] };
  const composeByKind = { key: [] as number[], delta: [] as number[] };
  const psnrs: number[] = [];
  let cpuMs = 0;

  /** A student's work for one message (a refresh of the picture it has costs it nothing). */
  async function compose(frame: Frame | undefined): Promise<void> {
    if (frame?.kind !== 'key' && frame?.kind !== 'delta') return;
    if (keep) kept.push(frame);
    const composed = await timed(() => compositor.apply(frame));
    composeByKind[frame.kind].push(composed.wallMs);
  }

  return {
    kept,
    async encode(raw) {
      const run = await timed(() => encode(raw));
      const { encoded, refresh } = run.result;
      wall.push(run.wallMs);
      cpuMs += run.cpuMs;
      kinds[encoded.kind] += 1;
      if (encoded.kind !== 'unchanged') wallByKind[encoded.kind].push(run.wallMs);
      await compose(stream.push(encoded, raw.capturedAt));
      if (refresh) {
        kinds.refresh += 1;
        await compose(stream.pushRefresh(refresh, raw.capturedAt));
      }
    },
    samplePsnr(raw) {
      const picture = compositor.picture;
      if (picture) psnrs.push(psnr(raw.data, picture.data));
    },
    figures() {
      const finite = psnrs.map((value) => (Number.isFinite(value) ? value : 99));
      return {
        bytes: stream.bytes,
        messages: stream.messages,
        heartbeats: stream.heartbeats,
        kinds,
        encodeMs: summarize(wall),
        encodeMsByKind: summarizeGroups(wallByKind),
        cpuMsPerFrame: cpuMs / wall.length,
        composeMsByKind: summarizeGroups(composeByKind),
        psnr: { min: Math.min(...finite), mean: finite.reduce((a, b) => a + b, 0) / finite.length, samples: finite.length },
      };
    },
  };
}
