/**
 * MP4 (H.264) and GIF from lesson pictures with ffmpeg. Lessons are variable-rate (a still screen
 * sends nothing), videos are constant-rate: each picture is repeated for as long as it was on
 * screen, so the video lasts as long as the lesson did. The teacher's marks are burnt into each
 * video frame as they stood at that frame's time (a still screen the teacher draws on is still drawn).
 * A video has one size, its first picture's: a picture of another size (a student's screen the
 * teacher put on the class, a shared window resized) is scaled to fit it, letterboxed, as viewers
 * fit it to their window.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import sharp from 'sharp';
import type { Pixels } from '@classcast/codec';
import { CliError } from '../cli-errors.js';
import type { LessonAnnotations } from './lesson-annotations.js';
import type { TimedPicture } from './lesson-pictures.js';

export interface VideoWriter {
  add(picture: TimedPicture): Promise<void>;
  /** Writes the last picture for one frame and waits for ffmpeg to finish the file; `onProgress` counts the video frames it has encoded. */
  finish(onProgress?: (encoded: number, total: number) => void): Promise<void>;
  /** Stops ffmpeg and removes the partial file (Ctrl-C, a failure). */
  discard(): Promise<void>;
}

export function createVideoWriter(file: string, format: 'mp4' | 'gif', fps: number, annotations: LessonAnnotations): VideoWriter {
  let ffmpeg: ReturnType<typeof spawn> | undefined;
  /** ffmpeg's exit code once it has exited (null when killed). */
  let exited: Promise<number | null> = Promise.resolve(null);
  let stderr = '';
  let last: TimedPicture | undefined;
  let framesWritten = 0;
  let firstTime = 0;
  let reportEncoded: ((encoded: number) => void) | undefined;

  function start(width: number, height: number) {
    // H.264 in yuv420p needs even sizes; GIF gets its own palette for screen colours.
    const filter =
      format === 'mp4'
        ? ['-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart']
        : ['-vf', 'split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse'];
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      // Key=value progress on stdout: how many video frames are encoded (a GIF's palette pass waits for the last).
      '-progress',
      'pipe:1',
      '-nostats',
      '-y',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      '-s',
      `${width}x${height}`,
      '-r',
      String(fps),
      '-i',
      '-',
      ...filter,
      file,
    ];
    const child = spawn('ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      const encoded = [...chunk.toString().matchAll(/^frame=(\d+)$/gm)].at(-1);
      if (encoded) reportEncoded?.(Number(encoded[1]));
    });
    child.on('error', () => undefined); // reported through the exit code
    // ffmpeg gone (a bad --out, killed): the write fails and says ffmpeg's reason, not "write EPIPE".
    child.stdin!.on('error', () => undefined);
    exited = once(child, 'close').then(([code]) => code as number | null);
    return child;
  }

  async function ffmpegFailed(): Promise<CliError> {
    const code = await exited;
    return new CliError(
      'CC_EXPORT_FAILED',
      `ffmpeg could not write ${file} (exit ${code}): ${stderr.trim().split('\n')[0] || 'is ffmpeg installed? (apt-get install ffmpeg)'}`,
    );
  }

  let size: { width: number; height: number } | undefined;

  async function write(picture: TimedPicture, times: number) {
    size ??= { width: picture.pixels.width, height: picture.pixels.height };
    ffmpeg ??= start(size.width, size.height);
    for (let i = 0; i < times; i += 1) {
      const burnt = await annotations.burnAt(picture.pixels, firstTime + (framesWritten * 1000) / fps, picture.streamId);
      const { data } = await fitInto(burnt, size);
      try {
        if (!ffmpeg.stdin!.write(data)) await once(ffmpeg.stdin!, 'drain');
      } catch {
        throw await ffmpegFailed();
      }
      framesWritten += 1;
    }
  }

  return {
    async add(picture) {
      if (!last) firstTime = picture.captureTime;
      else {
        // Frames due by the time this picture appeared, each showing the previous picture.
        const due = Math.round(((picture.captureTime - firstTime) * fps) / 1000);
        await write(last, Math.max(0, due - framesWritten));
      }
      last = picture;
    },
    async finish(onProgress) {
      if (!last) throw new CliError('CC_EXPORT_EMPTY', 'no pictures in that time range: nothing to export');
      await write(last, 1);
      reportEncoded = (encoded) => onProgress?.(encoded, framesWritten);
      ffmpeg!.stdin!.end();
      if ((await exited) !== 0) throw await ffmpegFailed();
    },
    async discard() {
      if (ffmpeg && ffmpeg.exitCode === null && ffmpeg.signalCode === null) ffmpeg.kill('SIGKILL');
      await exited;
      await rm(file, { force: true });
    },
  };
}

/** `pixels` scaled to fit `size`, centred on black (the same pixels when it is that size already). */
async function fitInto(pixels: Pixels, size: { width: number; height: number }): Promise<Pixels> {
  if (pixels.width === size.width && pixels.height === size.height) return pixels;
  const data = await sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 4 } })
    .resize(size.width, size.height, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 1 } })
    .raw()
    .toBuffer();
  return { data, ...size };
}
