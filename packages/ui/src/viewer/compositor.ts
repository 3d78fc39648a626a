/**
 * The frame compositor of the viewer: turns the frames of one stream into the picture on screen.
 * Browser-safe (no Node, no DOM here): the picture decoder and the drawing surface are injected,
 * so it runs with createImageBitmap + canvas in a renderer and with fakes in unit tests. What a
 * frame draws, and onto what, is the chain of @classcast/protocol (createPictureChain), the same
 * one Node's compositor runs on raw pixels; this file owns the pacing around it:
 *
 * One frame decodes at a time; the rest wait in a queue under the PictureBacklog rule of
 * @classcast/protocol (room for maxQueued frames): a keyframe empties the queue, deltas are
 * dropped only as a whole chain, so a slow machine shows the newest picture, not a backlog.
 * The surface is presented once the queue is through (or every maxPresentGapMs while it is not),
 * never for catch-up frames; a live heartbeat shows what catch-up composed.
 */
import {
  ClasscastError,
  createPictureBacklog,
  createPictureChain,
  drawsPicture,
  type Frame,
  type PictureDecoder,
  type PictureSize,
  type PictureSurface,
  type DeltaContainer,
} from '@classcast/protocol';
import { ViewerError } from './viewer-errors.js';

export type { PictureDecoder } from '@classcast/protocol';

/** The chain's surface, and a visible screen to show what has been composed. */
export interface Surface<Picture> extends PictureSurface<Picture> {
  /** Shows what has been composed. */
  present(): void;
}

export interface CompositorStats {
  /** Frames whose picture reached the surface. */
  applied: number;
  /** Times the surface was shown. */
  presented: number;
  /** Frames never drawn because a newer keyframe made them pointless or their chain was broken. */
  dropped: number;
  /** Frames that could not be decoded or applied. */
  failed: number;
  /** Refresh keyframes not decoded because the surface already showed their picture. */
  refreshesKept: number;
}

export interface CompositorOptions<Picture extends PictureSize> {
  decoder: PictureDecoder<Picture>;
  surface: Surface<Picture>;
  /** After each present: the newest frame now on screen. */
  onPresent?(frame: Frame): void;
  /** A frame that could not be drawn: a ViewerError, or the protocol's FrameFormatError for a bad delta container. */
  onFailure?(error: ClasscastError, frame: Frame): void;
  /** Most frames waiting behind the one decoding; more means the chain is hopelessly behind. Default 120. */
  maxQueued?: number;
  /** While frames are queued, present at least this often anyway (ms). Default 100. */
  maxPresentGapMs?: number;
  /** Pictures with more pixels are refused undecoded (onFailure, CC_PICTURE_TOO_LARGE). Default: 4K, DEFAULT_MAX_PICTURE_PIXELS. */
  maxPixels?: number;
  now?(): number;
}

export interface Compositor {
  /** `container`: the delta's container as the feed parsed it, so it is parsed once on its way to the canvas. */
  push(frame: Frame, options?: { catchingUp?: boolean; container?: DeltaContainer }): void;
  readonly stats: Readonly<CompositorStats>;
  /** The class's picture limit, learnt from the feed: applies to the pictures decoded after it. */
  setLimit(maxPixels: number, description?: string): void;
  /** Resolves when nothing is queued or decoding (for tests and orderly shutdown). */
  idle(): Promise<void>;
  close(): void;
}

interface Job {
  frame: Frame;
  catchingUp: boolean;
  container: DeltaContainer | undefined;
}

export function createCompositor<Picture extends PictureSize>(options: CompositorOptions<Picture>): Compositor {
  const { decoder, surface } = options;
  const maxQueued = options.maxQueued ?? 120;
  const maxPresentGapMs = options.maxPresentGapMs ?? 100;
  const now = options.now ?? (() => Date.now());
  const counts = { applied: 0, presented: 0, failed: 0 };
  /** Keyframes and deltas waiting behind the one decoding; deltas wait for a first keyframe. */
  const queue = createPictureBacklog<Job>({
    describe: ({ frame }) => ({ kind: frame.kind, refresh: frame.refreshOf !== undefined, bytes: frame.payload.length }),
    hasRoom: (waiting) => waiting.items < maxQueued,
    awaitFirstKey: true,
  });
  const chain = createPictureChain({
    decoder,
    surface,
    maxPixels: options.maxPixels,
    missingBase: (frame) =>
      new ViewerError('CC_VIEWER_DELTA_WITHOUT_BASE', `delta ${frame.sequence} builds on keyframe ${frame.keySequence}, which is not on screen`),
    decodeFailed: (frame, cause) =>
      new ViewerError('CC_VIEWER_DECODE_FAILED', `${frame.kind} ${frame.sequence} is not a ${frame.codec} picture this viewer can decode`, { cause }),
  });
  let running: Promise<void> | undefined;
  let closed = false;
  /** The surface changed since it was last presented. */
  let dirty = false;
  /** The newest frame applied, reported at the next present. */
  let newest: Frame | undefined;
  /** A live (not catching-up) frame asked for the surface to be shown. */
  let wantPresent = false;
  let presentedAt = -Infinity;

  function presentIfDue(): void {
    if (closed || !dirty || !wantPresent || !newest) return;
    // Frames still queued will change the picture soon: show this one only if the screen has
    // waited long already, so a machine that never catches up still moves.
    if (queue.waiting.items > 0 && now() - presentedAt < maxPresentGapMs) return;
    presentedAt = now();
    surface.present();
    dirty = false;
    wantPresent = false;
    counts.presented += 1;
    options.onPresent?.(newest);
  }

  function fail(error: unknown, frame: Frame): void {
    counts.failed += 1;
    // The deltas behind a failed frame cannot be drawn; a queued keyframe still can.
    queue.breakChain();
    const failure = error instanceof ClasscastError ? error : new ViewerError('CC_VIEWER_DECODE_FAILED', String(error), { cause: error });
    options.onFailure?.(failure, frame);
  }

  async function drain(): Promise<void> {
    for (let job = queue.shift(); job && !closed; job = queue.shift()) {
      try {
        await chain.apply(job.frame, job.container);
        counts.applied += 1;
        dirty = true;
        newest = job.frame;
      } catch (error) {
        fail(error, job.frame);
      }
      if (!job.catchingUp) wantPresent = true;
      presentIfDue();
    }
    running = undefined;
  }

  return {
    get stats() {
      return { ...counts, refreshesKept: chain.refreshesKept, dropped: queue.dropped };
    },
    setLimit(maxPixels, description) {
      chain.setLimit(maxPixels, description);
    },
    push(frame, { catchingUp = false, container } = {}) {
      if (closed) return;
      if (!drawsPicture(frame)) {
        // Nothing to draw; a live one shows what catch-up composed (once the queue is through).
        if (!catchingUp) wantPresent = true;
        presentIfDue();
        return;
      }
      // A keyframe refused undecoded (a forged one) must not enter the queue: it would empty it.
      const refused = chain.refusal(frame);
      if (refused) {
        counts.failed += 1;
        options.onFailure?.(refused, frame);
        return;
      }
      if (!queue.push({ frame, catchingUp, container })) return;
      running ??= drain();
    },
    async idle() {
      while (running) await running;
    },
    close() {
      closed = true;
      chain.close();
      queue.discard();
    },
  };
}
