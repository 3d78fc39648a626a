/**
 * Paces a broadcast: take a picture from the source, encode it, send it, at a steady fps.
 * Capture, encode and send run one after another, so a slow network slows the loop instead of
 * queueing frames in memory; a late frame is not made up for with a burst (real time, not a backlog).
 */
import type { FrameSource } from '@classcast/capture';
import type { Encoder } from '@classcast/codec';
import type { Broadcaster, SendResult } from '@classcast/kafka';

export interface BroadcastLoopOptions {
  source: FrameSource;
  encoder: Encoder;
  broadcaster: Broadcaster;
  fps: number;
  /** Stop after this many frames (scripts and tests); unlimited when absent. */
  maxFrames?: number;
  signal?: AbortSignal;
  onSent?(sent: SentFrame): void;
}

export interface SentFrame extends SendResult {
  sequence: number;
  width: number;
  height: number;
  encodeMs: number;
}

/** Resolves with the number of frames sent when maxFrames is reached or the signal aborts. */
export async function runBroadcastLoop(options: BroadcastLoopOptions): Promise<number> {
  const intervalMs = 1000 / options.fps;
  let sequence = 0;
  let nextAt = performance.now();
  while (!options.signal?.aborted && (options.maxFrames === undefined || sequence < options.maxFrames)) {
    const raw = await options.source.next();
    const encodeStart = performance.now();
    const picture = await options.encoder.encode(raw);
    const encodeMs = performance.now() - encodeStart;
    // Every frame is a keyframe until tile deltas arrive, so each builds on itself.
    const result = await options.broadcaster.send({
      kind: 'key',
      codec: picture.codec,
      width: picture.width,
      height: picture.height,
      sequence,
      captureTime: raw.capturedAt,
      keySequence: sequence,
      keyCaptureTime: raw.capturedAt,
      payload: picture.bytes,
    });
    options.onSent?.({ ...result, sequence, width: picture.width, height: picture.height, encodeMs });
    sequence += 1;
    nextAt = Math.max(nextAt + intervalMs, performance.now());
    await sleep(nextAt - performance.now(), options.signal);
  }
  return sequence;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
