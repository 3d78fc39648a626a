/**
 * A teacher's broadcast: take a picture from the source, encode it with sharp, send it, at a
 * steady fps, with pause, resume, stop and live changes of fps and quality.
 * Capture, encode and send run one after another, so a slow network slows the loop instead of
 * queueing frames in memory; a late frame is not made up for with a burst (real time, not a backlog).
 * While paused, a heartbeat each second keeps the students' "live" status honest.
 */
import { createEncoder, type EncoderOptions, type RawFrame } from '@classcast/codec';
import { ClasscastError } from '@classcast/protocol';
import type { Broadcaster, SendResult } from './broadcaster.js';

export interface PictureSource {
  next(): Promise<RawFrame>;
}

export type BroadcastState = 'idle' | 'live' | 'paused' | 'stopped';

export interface SentFrame extends SendResult {
  sequence: number;
  width: number;
  height: number;
  encodeMs: number;
}

export interface BroadcastSessionOptions {
  source: PictureSource;
  broadcaster: Broadcaster;
  encoder?: EncoderOptions;
  fps: number;
  /** Stop after this many frames (scripts and tests); unlimited when absent. */
  maxFrames?: number;
  onSent?(sent: SentFrame): void;
  /** A failed capture, encode or send. The session stops after a non-retriable one. */
  onError?(error: ClasscastError): void;
}

export interface BroadcastSettings {
  fps?: number;
  quality?: number;
  scale?: number;
  codec?: EncoderOptions['codec'];
}

export interface BroadcastSession {
  readonly state: BroadcastState;
  /** Runs the loop; resolves with the number of frames sent once it stops. */
  start(): Promise<number>;
  pause(): void;
  resume(): void;
  /** Ends the loop and tells the students the broadcast ended. */
  stop(): Promise<void>;
  update(settings: BroadcastSettings): void;
}

const HEARTBEAT_INTERVAL_MS = 1000;

export function createBroadcastSession(options: BroadcastSessionOptions): BroadcastSession {
  let encoderOptions: EncoderOptions = { ...options.encoder };
  let encoder = createEncoder(encoderOptions);
  let fps = options.fps;
  let state: BroadcastState = 'idle';
  let sent = 0;
  let wake: (() => void) | undefined;
  let finished: Promise<number> | undefined;

  const interrupt = () => wake?.();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function sendOnePicture(): Promise<void> {
    const raw = await options.source.next();
    const encodeStart = performance.now();
    const picture = await encoder.encode(raw);
    const encodeMs = performance.now() - encodeStart;
    const sequence = options.broadcaster.nextSequence;
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
    sent += 1;
    options.onSent?.({ ...result, sequence, width: picture.width, height: picture.height, encodeMs });
  }

  async function loop(): Promise<number> {
    let nextAt = performance.now();
    while (state !== 'stopped' && (options.maxFrames === undefined || sent < options.maxFrames)) {
      try {
        if (state === 'paused') {
          await options.broadcaster.heartbeat();
          await sleep(HEARTBEAT_INTERVAL_MS);
          nextAt = performance.now();
          continue;
        }
        await sendOnePicture();
      } catch (error) {
        const failure = error instanceof ClasscastError ? error : new ClasscastError('CC_BROADCAST_FAILED', String(error), { cause: error });
        options.onError?.(failure);
        if (!failure.retriable) break;
      }
      nextAt = Math.max(nextAt + 1000 / fps, performance.now());
      await sleep(nextAt - performance.now());
    }
    if (state !== 'stopped') await finish();
    return sent;
  }

  async function finish(): Promise<void> {
    state = 'stopped';
    await options.broadcaster.end().catch((error: unknown) => {
      if (error instanceof ClasscastError) options.onError?.(error);
    });
  }

  return {
    get state() {
      return state;
    },
    start() {
      if (finished) return finished;
      state = 'live';
      finished = loop();
      return finished;
    },
    pause() {
      if (state === 'live') state = 'paused';
    },
    resume() {
      if (state === 'paused') {
        state = 'live';
        interrupt();
      }
    },
    async stop() {
      if (state === 'stopped' || state === 'idle') {
        state = 'stopped';
        return;
      }
      state = 'stopped';
      interrupt();
      await finished;
      await options.broadcaster.end().catch(() => undefined);
    },
    update(settings) {
      if (settings.fps !== undefined) fps = settings.fps;
      const { fps: _fps, ...encoding } = settings;
      if (Object.keys(encoding).length > 0) {
        encoderOptions = { ...encoderOptions, ...encoding };
        encoder = createEncoder(encoderOptions);
      }
      interrupt();
    },
  };
}
