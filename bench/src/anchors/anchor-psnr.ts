/**
 * PSNR of an anchor by the same method as classcast's lane: the project's psnr() on RGBA against
 * the source frame, every PSNR_EVERY-th frame (the same ticks). The anchor's stream is decoded
 * back to RGBA by ffmpeg (its default YUV 4:2:0 to RGB conversion, as a player would), frame by
 * frame beside a fresh copy of the scenario.
 */
import { psnr } from '@classcast/codec';
import { readRawFrames } from '../captures/raw-frames.js';
import { PSNR_EVERY } from '../encode/encoder-lane.js';
import { SCENARIOS, SCREEN, type ScenarioName } from '../scenarios/index.js';

export interface AnchorPsnr {
  min: number;
  mean: number;
  samples: number;
}

export async function anchorPsnr(streamFile: string, scenarioName: ScenarioName, frames: number): Promise<AnchorPsnr> {
  const decoded = readRawFrames(streamFile, SCREEN.width, SCREEN.height);
  const scenario = await SCENARIOS[scenarioName]();
  const values: number[] = [];
  try {
    for (let tick = 0; tick < frames; tick += 1) {
      const source = await scenario.next();
      const picture = await decoded.frames.next();
      if (picture.done) throw new Error(`${streamFile} decodes to ${tick} frames, not ${frames}`);
      if (tick % PSNR_EVERY === 0) {
        const value = psnr(source.data, picture.value);
        values.push(Number.isFinite(value) ? value : 99);
      }
    }
  } finally {
    scenario.close?.();
    decoded.close();
  }
  return { min: Math.min(...values), mean: values.reduce((a, b) => a + b, 0) / values.length, samples: values.length };
}
