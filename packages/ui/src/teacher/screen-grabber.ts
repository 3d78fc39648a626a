/**
 * Turns the shared screen (a MediaStream from getDisplayMedia) into RGBA frames for the broadcast, at the
 * chosen fps: the video is drawn to an OffscreenCanvas and read back with getImageData. At most
 * one frame is on its way; a tick that comes while the other side is still busy is skipped, not
 * queued, so a slow encoder lowers the frame rate instead of piling up 8 MB frames.
 */
import type { CapturedFrame } from './teacher-api.js';

export interface ScreenGrabberOptions {
  stream: MediaStream;
  fps: number;
  /** Settles once the broadcast has the frame; the next tick waits for that. */
  send(frame: CapturedFrame): Promise<unknown>;
  /** The shared screen or window went away (closed, or sharing stopped from the system). */
  onEnded?(): void;
  onError?(error: unknown): void;
}

export interface ScreenGrabber {
  setFps(fps: number): void;
  pause(): void;
  resume(): void;
  stop(): void;
  readonly stats: { sent: number; skipped: number };
}

export async function startScreenGrabber(options: ScreenGrabberOptions): Promise<ScreenGrabber> {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = options.stream;
  await video.play();
  const canvas = new OffscreenCanvas(1, 1);
  // willReadFrequently keeps the canvas in memory, where getImageData is cheap.
  const context = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
  if (!context) throw new Error('no 2d context for an OffscreenCanvas');
  const stats = { sent: 0, skipped: 0 };
  let busy = false;
  let paused = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  const tick = (): void => {
    const { videoWidth: width, videoHeight: height } = video;
    if (paused) return;
    if (busy || width === 0 || height === 0) {
      stats.skipped += 1;
      return;
    }
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    context.drawImage(video, 0, 0);
    const pixels = context.getImageData(0, 0, width, height).data.buffer;
    busy = true;
    options
      .send({ width, height, capturedAt: Date.now(), pixels })
      .then(() => void (stats.sent += 1), options.onError)
      .finally(() => (busy = false));
  };
  const schedule = (fps: number) => {
    clearInterval(timer);
    timer = setInterval(tick, 1000 / fps);
  };
  for (const track of options.stream.getVideoTracks()) track.addEventListener('ended', () => options.onEnded?.());
  schedule(options.fps);

  return {
    setFps: schedule,
    pause: () => void (paused = true),
    resume: () => void (paused = false),
    stop() {
      clearInterval(timer);
      for (const track of options.stream.getTracks()) track.stop();
      video.srcObject = null;
    },
    stats,
  };
}
