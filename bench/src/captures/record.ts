/**
 * Records one scene losslessly: a private Xvfb at 1920x1080, the scene's application in it,
 * ffmpeg x11grab at 10 fps into Ut Video (lossless, and fast enough that x11grab drops fewer
 * frames on a busy 2-core machine than with FFV1) while the scene's script types or scrolls.
 * Everything started here is stopped here, by its own handle.
 */
import { rename, rm } from 'node:fs/promises';
import { start, sleep, type Spawned } from './spawned.js';
import { startXvfb } from './xvfb.js';

export const CAPTURE = { width: 1920, height: 1080, fps: 10 } as const;

export interface Scene {
  /** Starts the application on `display`; resolves when it shows what is to be recorded. */
  open(display: string, workDir: string): Promise<Spawned[]>;
  /** The input (xdotool) while recording; it should take about `seconds`. */
  drive(display: string, seconds: number): Promise<void>;
}

export async function recordScene(scene: Scene, file: string, seconds: number, workDir: string): Promise<void> {
  const x = await startXvfb(CAPTURE.width, CAPTURE.height);
  const started: Spawned[] = [];
  try {
    started.push(...(await scene.open(x.display, workDir)));
    const partial = `${file}.partial.mkv`;
    // -draw_mouse 0: the pointer is parked where xdotool left it and would only add noise.
    const grab = start('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'x11grab', '-draw_mouse', '0', '-framerate', String(CAPTURE.fps), '-video_size', `${CAPTURE.width}x${CAPTURE.height}`],
      ...['-i', x.display, '-t', String(seconds), '-c:v', 'utvideo', partial],
    ]);
    started.push(grab);
    await sleep(500);
    await scene.drive(x.display, seconds - 1);
    const code = await grab.exited;
    if (code !== 0) throw new Error(`ffmpeg x11grab exited with ${code}: ${grab.stderr()}`);
    await rename(partial, file);
  } finally {
    for (const process of started.reverse()) await process.stop();
    await x.stop();
    await rm(`${file}.partial.mkv`, { force: true });
  }
}

/** xdotool on `display`, to its end. */
export async function xdotool(display: string, args: readonly string[]): Promise<void> {
  const tool = start('xdotool', args, { env: { ...process.env, DISPLAY: display } });
  const code = await tool.exited;
  if (code !== 0) throw new Error(`xdotool ${args.join(' ')} exited with ${code}: ${tool.stderr()}`);
}

/** Waits until a visible window of `windowClass` is mapped (xdotool search --sync), at most `ms`. */
export async function waitForWindow(display: string, windowClass: string, ms: number): Promise<void> {
  const search = start('xdotool', ['search', '--sync', '--onlyvisible', '--class', windowClass], { env: { ...process.env, DISPLAY: display } });
  const timer = setTimeout(() => void search.stop(), ms);
  const code = await search.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`no ${windowClass} window appeared within ${ms / 1000} s`);
}
