/**
 * A real capture as a scenario (issue 12, item 6): the frames recorded under Xvfb (captures/),
 * read back as RGBA at a constant 10 fps, capturedAt = tick * 100 ms like the synthetic ones.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ensureCapture, type CaptureName } from '../captures/cache.js';
import { readRawFrames } from '../captures/raw-frames.js';
import { FPS, SCREEN, screenFrame, type Scenario } from './scenario.js';

const DESCRIPTIONS: Record<CaptureName, string> = {
  terminal: 'real capture: vim in xterm, code typed at 8 chars/s, blinking cursor',
  'browser-scroll': 'real capture: Chromium on a long page, wheel steps then smooth (keyboard) scrolling',
};

export async function createCaptureScenario(name: CaptureName): Promise<Scenario> {
  const file = await ensureCapture(name);
  const frames = await countFrames(file);
  const recorded = await countPackets(file);
  const reader = readRawFrames(file, SCREEN.width, SCREEN.height, FPS);
  let tick = 0;
  return {
    name,
    description: DESCRIPTIONS[name],
    screenContent: true,
    frames,
    // x11grab drops frames when the machine is busy; the 10 fps read-back repeats the frame before each gap.
    note: `the capture has ${recorded} of its ${frames} frames recorded, ${frames - recorded} dropped by x11grab and filled by repeating the previous frame`,
    async next() {
      const read = await reader.frames.next();
      if (read.done) throw new Error(`the ${name} capture has only ${tick} frames`);
      return screenFrame(read.value, tick++);
    },
    close: () => reader.close(),
  };
}

/** Frames x11grab actually wrote (one packet each), without decoding. */
async function countPackets(file: string): Promise<number> {
  const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', file]);
  return Number(stdout.trim());
}

/** Frames of `file` at a constant 10 fps (what readRawFrames gives), counted by ffmpeg. */
async function countFrames(file: string): Promise<number> {
  const { stderr } = await promisify(execFile)('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-vf', `fps=${FPS}`, '-f', 'null', '-'], {
    maxBuffer: 1 << 24,
  });
  const counted = [...stderr.matchAll(/frame=\s*(\d+)/g)].at(-1)?.[1];
  if (counted === undefined) throw new Error(`could not count the frames of ${file}`);
  return Number(counted);
}
