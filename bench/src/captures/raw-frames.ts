/**
 * Raw RGBA frames out of a video file, through ffmpeg's rawvideo pipe: one Buffer of exactly
 * width * height * 4 bytes per frame, however the pipe happens to chunk them.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** Whole frames of `frameBytes` out of a byte stream, each in a buffer of its own. */
export async function* fixedSizeChunks(stream: AsyncIterable<Buffer>, frameBytes: number): AsyncGenerator<Buffer> {
  let frame = Buffer.allocUnsafe(frameBytes);
  let filled = 0;
  for await (const chunk of stream) {
    let offset = 0;
    while (offset < chunk.length) {
      const taken = Math.min(frameBytes - filled, chunk.length - offset);
      chunk.copy(frame, filled, offset, offset + taken);
      filled += taken;
      offset += taken;
      if (filled === frameBytes) {
        yield frame;
        frame = Buffer.allocUnsafe(frameBytes);
        filled = 0;
      }
    }
  }
  if (filled !== 0) throw new Error(`the stream ended ${filled} bytes into a frame of ${frameBytes}`);
}

export interface RawFrameReader {
  frames: AsyncGenerator<Buffer>;
  /** Stops ffmpeg if the frames were not read to the end. */
  close(): void;
}

/**
 * Decodes `file` to RGBA frames. `constantFps` makes the stream constant-rate (frames the
 * recorder dropped are repeated, so frame N is at N / fps seconds of content).
 */
export function readRawFrames(file: string, width: number, height: number, constantFps?: number): RawFrameReader {
  const filters = constantFps ? ['-vf', `fps=${constantFps}`] : ['-fps_mode', 'passthrough'];
  const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, ...filters, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  ffmpeg.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => ffmpeg.on('close', resolve));
  ffmpeg.on('error', (error) => (stderr += String(error)));
  async function* frames(): AsyncGenerator<Buffer> {
    yield* fixedSizeChunks(ffmpeg.stdout as Readable, width * height * 4);
    const code = await exited;
    if (code !== 0) throw new Error(`ffmpeg decoding ${file} exited with ${code}: ${stderr.trim()}`);
  }
  return {
    frames: frames(),
    close() {
      if (ffmpeg.exitCode === null && ffmpeg.signalCode === null) ffmpeg.kill('SIGKILL');
    },
  };
}
