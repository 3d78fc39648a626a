/**
 * A FrameSource fed from outside: something else captures (the Electron teacher's renderer) and
 * push()es frames in; next() hands out the newest one. Frames are never queued: a frame that is
 * replaced before anyone took it is dropped and counted, so a slow encoder always gets the
 * current screen and memory stays at one frame however fast frames arrive.
 */
import { assertRawFrame, type RawFrame } from '@classcast/codec';
import { assertFrameSize, closedError, type FrameSource } from './frame-source.js';

export interface PushSourceOptions {
  /** For status lines; default "pushed frames". */
  name?: string;
  /** Size reported before the first frame arrives; default 1280. Afterwards, the newest frame's. */
  width?: number;
  /** Default 720. */
  height?: number;
}

export interface PushSource extends FrameSource {
  /**
   * Offers the newest picture. Throws CodecError CC_CODEC_BAD_FRAME for a frame whose buffer does
   * not match its size; ignored after close() (a frame can still be on its way when capture stops).
   */
  push(frame: RawFrame): void;
  /** Frames replaced before next() took them: the visible back-pressure figure. */
  readonly dropped: number;
}

type Waiter = { resolve(frame: RawFrame): void; reject(error: Error): void };

export function createPushSource({ name = 'pushed frames', width = 1280, height = 720 }: PushSourceOptions = {}): PushSource {
  assertFrameSize(width, height, name);
  let newest: RawFrame | undefined;
  let size = { width, height };
  let dropped = 0;
  let closed = false;
  const waiters: Waiter[] = [];

  return {
    name,
    get width() {
      return size.width;
    },
    get height() {
      return size.height;
    },
    get dropped() {
      return dropped;
    },
    push(frame) {
      if (closed) return;
      assertRawFrame(frame);
      size = { width: frame.width, height: frame.height };
      const waiter = waiters.shift();
      if (waiter) return waiter.resolve(frame);
      if (newest) dropped += 1;
      newest = frame;
    },
    next() {
      if (closed) return Promise.reject(closedError(name));
      const frame = newest;
      newest = undefined;
      if (frame) return Promise.resolve(frame);
      return new Promise<RawFrame>((resolve, reject) => waiters.push({ resolve, reject }));
    },
    async close() {
      closed = true;
      newest = undefined;
      for (const waiter of waiters.splice(0)) waiter.reject(closedError(name));
    },
  };
}
