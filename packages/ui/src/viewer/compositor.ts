/**
 * The frame compositor: turns the frames of one stream into the picture on screen. Browser-safe
 * (no Node, no DOM here): the picture decoder and the drawing surface are injected, so the same
 * state machine runs with createImageBitmap + canvas in a renderer and with fakes in unit tests.
 *
 *   key        decode the whole picture; it replaces the surface and starts a new chain. A refresh
 *              keyframe (cc.refresh) repeating the frame last drawn is not decoded: the surface
 *              already shows it, only the chain moves on to it
 *   delta      decode the tile atlas; copy each tile onto the surface (needs its chain's keyframe)
 *   heartbeat  nothing to draw: "unchanged"; a live one paints a picture composed while catching up
 *   end        nothing to draw: the last picture stays
 *
 * One frame decodes at a time; the rest wait in a queue under the PictureBacklog rule of
 * @classcast/protocol (room for maxQueued frames): a keyframe empties the queue, deltas are
 * dropped only as a whole chain, so a slow machine shows the newest picture, not a backlog.
 * The surface is presented once the queue is through (or every maxPresentGapMs while it is not),
 * never for catch-up frames.
 */
import { ClasscastError, createPictureBacklog, decodeTileContainer, tilePlacements, type Frame, type ImageCodec, type TilePlacement } from '@classcast/protocol';
import { ViewerError } from './viewer-errors.js';

export interface PictureDecoder<Picture> {
  /** The encoded image as a drawable picture; rejects for bytes that are not a picture. */
  decode(bytes: Uint8Array, codec: ImageCodec): Promise<Picture>;
  /** Frees a picture once it is drawn (ImageBitmap.close). */
  release(picture: Picture): void;
}

export interface Surface<Picture> {
  /** Replaces the whole picture (a keyframe), resizing to width x height. */
  reset(picture: Picture, width: number, height: number): void;
  /** Copies `placement` from the atlas picture onto the surface (one delta tile). */
  patch(atlas: Picture, placement: TilePlacement): void;
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

export interface CompositorOptions<Picture> {
  decoder: PictureDecoder<Picture>;
  surface: Surface<Picture>;
  /** After each present: the newest frame now on screen. */
  onPresent?(frame: Frame): void;
  /** A frame that could not be drawn: a ViewerError, or the protocol's FrameFormatError for a bad tile container. */
  onFailure?(error: ClasscastError, frame: Frame): void;
  /** Most frames waiting behind the one decoding; more means the chain is hopelessly behind. Default 120. */
  maxQueued?: number;
  /** While frames are queued, present at least this often anyway (ms). Default 100. */
  maxPresentGapMs?: number;
  now?(): number;
}

export interface Compositor {
  push(frame: Frame, options?: { catchingUp?: boolean }): void;
  readonly stats: Readonly<CompositorStats>;
  /** Resolves when nothing is queued or decoding (for tests and orderly shutdown). */
  idle(): Promise<void>;
  close(): void;
}

interface Job {
  frame: Frame;
  catchingUp: boolean;
}

/** The keyframe the surface builds on; undefined while there is none or its chain is broken. */
interface Chain {
  keySequence: number;
  width: number;
  height: number;
  /** The last key or delta drawn in this chain. */
  drawnSequence: number;
}

export function createCompositor<Picture>(options: CompositorOptions<Picture>): Compositor {
  const { decoder, surface } = options;
  const maxQueued = options.maxQueued ?? 120;
  const maxPresentGapMs = options.maxPresentGapMs ?? 100;
  const now = options.now ?? (() => Date.now());
  const counts = { applied: 0, presented: 0, failed: 0, refreshesKept: 0 };
  /** Keyframes and deltas waiting behind the one decoding; deltas wait for a first keyframe. */
  const queue = createPictureBacklog<Job>({
    describe: ({ frame }) => ({ kind: frame.kind, refresh: frame.refreshOf !== undefined, bytes: frame.payload.length }),
    hasRoom: (waiting) => waiting.items < maxQueued,
    awaitFirstKey: true,
  });
  let chain: Chain | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  /** The surface changed since it was last presented. */
  let dirty = false;
  /** The newest frame applied, reported at the next present. */
  let newest: Frame | undefined;
  /** A live (not catching-up) frame asked for the surface to be shown. */
  let wantPresent = false;
  let presentedAt = -Infinity;

  // What each kind draws; heartbeat and end draw nothing. A new kind adds its entry here.
  const APPLY: Record<Frame['kind'], ((frame: Frame) => Promise<void>) | undefined> = {
    key: applyKey,
    delta: applyDelta,
    heartbeat: undefined,
    end: undefined,
  };

  async function applyKey(frame: Frame): Promise<void> {
    if (chain && frame.refreshOf === chain.drawnSequence && chain.width === frame.width && chain.height === frame.height) {
      chain = { ...chain, keySequence: frame.sequence, drawnSequence: frame.sequence };
      counts.refreshesKept += 1;
      return;
    }
    chain = undefined;
    const picture = await decode(frame.payload, frame);
    if (closed) return decoder.release(picture);
    surface.reset(picture, frame.width, frame.height);
    decoder.release(picture);
    chain = { keySequence: frame.sequence, width: frame.width, height: frame.height, drawnSequence: frame.sequence };
  }

  async function applyDelta(frame: Frame): Promise<void> {
    if (!chain || chain.keySequence !== frame.keySequence || chain.width !== frame.width || chain.height !== frame.height) {
      throw new ViewerError('CC_VIEWER_DELTA_WITHOUT_BASE', `delta ${frame.sequence} builds on keyframe ${frame.keySequence}, which is not on screen`);
    }
    const container = decodeTileContainer(frame.payload, frame);
    const atlas = await decode(container.atlas, frame);
    if (closed) return decoder.release(atlas);
    for (const placement of tilePlacements(container, frame.width, frame.height)) surface.patch(atlas, placement);
    decoder.release(atlas);
    chain.drawnSequence = frame.sequence;
  }

  async function decode(bytes: Uint8Array, frame: Frame): Promise<Picture> {
    try {
      return await decoder.decode(bytes, frame.codec);
    } catch (cause) {
      throw new ViewerError('CC_VIEWER_DECODE_FAILED', `${frame.kind} ${frame.sequence} is not a ${frame.codec} picture this viewer can decode`, { cause });
    }
  }

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
    chain = undefined;
    // The deltas behind a failed frame cannot be drawn; a queued keyframe still can.
    queue.breakChain();
    const failure = error instanceof ClasscastError ? error : new ViewerError('CC_VIEWER_DECODE_FAILED', String(error), { cause: error });
    options.onFailure?.(failure, frame);
  }

  async function drain(): Promise<void> {
    for (let job = queue.shift(); job && !closed; job = queue.shift()) {
      try {
        await APPLY[job.frame.kind]?.(job.frame);
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
      return { ...counts, dropped: queue.dropped };
    },
    push(frame, { catchingUp = false } = {}) {
      if (closed) return;
      if (!APPLY[frame.kind]) {
        // Nothing to draw; a live one shows what catch-up composed (once the queue is through).
        if (!catchingUp) wantPresent = true;
        presentIfDue();
        return;
      }
      if (!queue.push({ frame, catchingUp })) return;
      running ??= drain();
    },
    async idle() {
      while (running) await running;
    },
    close() {
      closed = true;
      queue.discard();
    },
  };
}
