/**
 * The teacher stream: take a picture from the source, encode it with sharp, send it through its
 * Broadcaster (@classcast/kafka's producer), at a steady fps, with pause, resume, stop and live
 * changes of fps and quality. Given `kafka`, the stream creates the Broadcaster and owns it: open()
 * connects it (and creates the class topic), stop() ends the broadcast and disconnects it. Given a
 * `broadcaster` instead (a bench decorating one, a test that stops it to fake a failure), the
 * caller starts and stops it.
 * Capture, encode and send run one after another, so a slow network slows the loop instead of
 * queueing frames in memory; a late frame is not made up for with a burst (real time, not a backlog).
 * Between keyframes only the changed tiles are sent; a still screen or a paused broadcast sends a
 * heartbeat each second, which keeps the students' "live" status honest.
 */
import { createFrameEncoder, type EncodedFrame, type FrameEncoder, type FrameEncoderOptions, type RawFrame } from '@classcast/codec';
import { ClasscastError, pause } from '@classcast/protocol';
import { StreamError } from './errors.js';
import { createBroadcaster, type Broadcaster, type BroadcasterOptions, type SendResult } from '@classcast/kafka';

export interface PictureSource {
  next(): Promise<RawFrame>;
}

export type BroadcastState = 'idle' | 'live' | 'paused' | 'stopped';

export interface SentFrame extends SendResult {
  kind: 'key' | 'delta';
  /** A refresh keyframe: the picture of the frame just sent, again, for late joiners. */
  refresh: boolean;
  sequence: number;
  width: number;
  height: number;
  encodeMs: number;
  changedTiles: number;
  totalTiles: number;
}

export interface TeacherStreamOptions {
  source: PictureSource;
  /** Where to send: the stream's own Broadcaster is made from these. */
  kafka?: BroadcasterOptions;
  /** Or a Broadcaster the caller starts and stops. */
  broadcaster?: Broadcaster;
  /** Codec, quality, scale, and the tile and keyframe settings of the delta encoder. */
  encoder?: FrameEncoderOptions;
  /** Send only the changed tiles between keyframes (default); false sends every picture whole. */
  tileDeltas?: boolean;
  fps: number;
  /** Stop after this many frames (scripts and tests); unlimited when absent. */
  maxFrames?: number;
  onSent?(sent: SentFrame): void;
  /** A failed capture, encode or send. The session stops after a non-retriable one. */
  onError?(error: ClasscastError): void;
  /**
   * Kafka cannot take frames for now (a broker down, too few in-sync replicas): `reason` says
   * why, and the session retries the same frame until Kafka takes it, so no frame is lost.
   * Called again with undefined when frames flow again.
   */
  onStalled?(reason: ClasscastError | undefined): void;
  /** How long an unconfirmed send may take before the teacher is told. Default 3 s. */
  stallAfterMs?: number;
}

export interface BroadcastSettings {
  fps?: number;
  quality?: number;
  scale?: number;
  codec?: FrameEncoderOptions['codec'];
}

export interface TeacherStream {
  /** The class topic the frames go to. */
  readonly topic: string;
  readonly state: BroadcastState;
  /** Why frames are not getting through right now, or undefined when they are. */
  readonly stalledBy: ClasscastError | undefined;
  /** Connects the stream's own Broadcaster and creates the class topic when missing (start() does it too). */
  open(): Promise<void>;
  /** Runs the loop; resolves with the number of frames sent once it stops. */
  start(): Promise<number>;
  pause(): void;
  resume(): void;
  /** Ends the loop, tells the students the broadcast ended and disconnects the stream's own Broadcaster (its failure rejects). */
  stop(): Promise<void>;
  update(settings: BroadcastSettings): void;
}

const HEARTBEAT_INTERVAL_MS = 1000;
// Capped at 1 s: after a failover the next try should find the new leader soon after it is elected.
const RETRY_BACKOFF_MS = [250, 500, 1000];

export function createTeacherStream(options: TeacherStreamOptions): TeacherStream {
  const owned = options.broadcaster === undefined;
  if (owned && !options.kafka) throw new StreamError('CC_BROADCAST_FAILED', 'a teacher stream needs kafka (where to send) or a broadcaster');
  const broadcaster = options.broadcaster ?? createBroadcaster(options.kafka!);
  let opened: Promise<void> | undefined;
  let disconnected: Promise<void> | undefined;
  /** The end frame being sent by the first stop(). */
  let ending: Promise<void> | undefined;
  const open = () => (opened ??= owned ? broadcaster.start() : Promise.resolve());
  const tileDeltas = options.tileDeltas ?? true;
  let encoderOptions: FrameEncoderOptions = { ...options.encoder };
  const makeEncoder = (): FrameEncoder => createFrameEncoder({ ...encoderOptions, deltas: tileDeltas });
  let encoder = makeEncoder();
  let key = { sequence: 0, captureTime: 0 };
  /** The last key or delta sent: what a refresh keyframe repeats. */
  let lastPictureSequence: number | undefined;
  let lastSendAt = 0;
  let stalledBy: ClasscastError | undefined;
  const stallAfterMs = options.stallAfterMs ?? 3000;

  function stall(reason: ClasscastError): void {
    if (!stalledBy) options.onStalled?.(reason);
    stalledBy = reason;
  }

  /**
   * Sends one frame, retrying retriable failures until it is in Kafka or the session stops.
   * A send that Kafka has not confirmed after a few seconds is reported too: with two of three
   * brokers down, the controller quorum is gone, the in-sync set cannot shrink, and the leader
   * just waits for acks that do not come: no error arrives for a long time.
   */
  async function deliver<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const watchdog = setTimeout(
        () =>
          stall(
            new StreamError(
              'CC_BROADCAST_STALLED',
              `the broadcast is paused: Kafka has not confirmed a frame for ${stallAfterMs / 1000} s (brokers down, or too few copies in sync); it resumes by itself`,
              { retriable: true },
            ),
          ),
        stallAfterMs,
      );
      try {
        const result = await send();
        if (stalledBy) {
          stalledBy = undefined;
          options.onStalled?.(undefined);
        }
        return result;
      } catch (error) {
        const failure = asClasscastError(error);
        // A recreated topic wants a fresh keyframe, not this frame again (a delta on a lost picture).
        if (!failure.retriable || state === 'stopped' || failure.code === 'CC_CLASS_TOPIC_DELETED') throw failure;
        stall(failure);
        await sleep(RETRY_BACKOFF_MS[Math.min(attempt, RETRY_BACKOFF_MS.length - 1)]!);
      } finally {
        clearTimeout(watchdog);
      }
    }
  }
  let fps = options.fps;
  let state: BroadcastState = 'idle';
  let sent = 0;
  /** Aborted to cut the current wait short (pause, stop, settings). */
  let wake: AbortController | undefined;
  let finished: Promise<number> | undefined;

  const interrupt = () => wake?.abort();
  async function sleep(ms: number): Promise<void> {
    wake = new AbortController();
    await pause(ms, wake.signal);
    wake = undefined;
  }

  async function sendOnePicture(): Promise<void> {
    const raw = await options.source.next();
    const encodeStart = performance.now();
    const encoded = await encoder.encode(raw);
    const encodeMs = performance.now() - encodeStart;
    if (encoded.kind === 'unchanged') {
      // A still screen sends nothing but a heartbeat about once a second.
      if (Date.now() - lastSendAt >= HEARTBEAT_INTERVAL_MS) await sendHeartbeat(raw.capturedAt);
    } else {
      await sendPicture(encoded, raw.capturedAt, encodeMs);
      sent += 1;
    }
    const refreshStart = performance.now();
    const refresh = lastPictureSequence === undefined ? undefined : await encoder.takeRefresh();
    if (refresh) await sendPicture(refresh, raw.capturedAt, performance.now() - refreshStart, lastPictureSequence);
  }

  async function sendPicture(encoded: Exclude<EncodedFrame, { kind: 'unchanged' }>, captureTime: number, encodeMs: number, refreshOf?: number): Promise<void> {
    const sequence = broadcaster.nextSequence;
    if (encoded.kind === 'key') key = { sequence, captureTime };
    const result = await deliver(() =>
      broadcaster.send({
        kind: encoded.kind,
        codec: encoded.codec,
        width: encoded.width,
        height: encoded.height,
        sequence,
        captureTime,
        keySequence: key.sequence,
        keyCaptureTime: key.captureTime,
        ...(refreshOf === undefined ? {} : { refreshOf }),
        payload: encoded.bytes,
      }),
    );
    lastSendAt = Date.now();
    lastPictureSequence = sequence;
    options.onSent?.({
      ...result,
      kind: encoded.kind,
      refresh: refreshOf !== undefined,
      sequence,
      width: encoded.width,
      height: encoded.height,
      encodeMs,
      changedTiles: encoded.changedTiles,
      totalTiles: encoded.totalTiles,
    });
  }

  async function sendHeartbeat(captureTime = Date.now()): Promise<void> {
    await deliver(() => broadcaster.heartbeat(captureTime));
    lastSendAt = Date.now();
  }

  async function loop(): Promise<number> {
    let nextAt = performance.now();
    while (state !== 'stopped' && (options.maxFrames === undefined || sent < options.maxFrames)) {
      try {
        if (state === 'paused') {
          await sendHeartbeat();
          await sleep(HEARTBEAT_INTERVAL_MS);
          nextAt = performance.now();
          continue;
        }
        await sendOnePicture();
      } catch (error) {
        const failure = asClasscastError(error);
        options.onError?.(failure);
        if (!failure.retriable) break;
        // The class topic came back empty: the next picture is a keyframe, so students draw at once.
        if (failure.code === 'CC_CLASS_TOPIC_DELETED') encoder = makeEncoder();
      }
      nextAt = Math.max(nextAt + 1000 / fps, performance.now());
      await sleep(nextAt - performance.now());
    }
    if (state !== 'stopped') await finish();
    return sent;
  }

  async function finish(): Promise<void> {
    state = 'stopped';
    await broadcaster.end().catch((error: unknown) => {
      if (error instanceof ClasscastError) options.onError?.(error);
    });
  }

  return {
    topic: broadcaster.topic,
    get state() {
      return state;
    },
    open,
    get stalledBy() {
      return stalledBy;
    },
    start() {
      if (finished) return finished;
      state = 'live';
      finished = open().then(loop);
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
      if (state !== 'stopped' && state !== 'idle') {
        state = 'stopped';
        interrupt();
        ending = (async () => {
          await finished?.catch(() => undefined);
          await broadcaster.end().catch(() => undefined);
        })();
      }
      state = 'stopped';
      // A second stop() (`classcast teach` stops once on Ctrl-C and again as the loop returns)
      // must not disconnect while the first one still sends the end frame.
      await ending;
      if (owned && opened)
        await (disconnected ??= opened.then(
          () => broadcaster.stop(),
          () => undefined,
        ));
    },
    update(settings) {
      if (settings.fps !== undefined) fps = settings.fps;
      const { fps: _fps, ...encoding } = settings;
      if (Object.keys(encoding).length > 0) {
        encoderOptions = { ...encoderOptions, ...encoding };
        encoder = makeEncoder(); // starts with a keyframe in the new settings
      }
      interrupt();
    },
  };
}

function asClasscastError(error: unknown): ClasscastError {
  return error instanceof ClasscastError ? error : new StreamError('CC_BROADCAST_FAILED', String(error), { cause: error });
}
