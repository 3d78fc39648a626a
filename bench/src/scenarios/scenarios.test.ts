import { findChangedTiles, type RawFrame } from '@classcast/codec';
import { describe, expect, it } from 'vitest';
import { SCENARIOS, SCREEN, type ScenarioName } from './index.js';

/** Share of 64 px tiles that differ between two frames. */
function changedShare(previous: RawFrame, current: RawFrame): number {
  const changes = findChangedTiles(previous.data, current.data, SCREEN.width, SCREEN.height, 64);
  return changes.count / (changes.columns * changes.rows);
}

async function firstFrames(name: ScenarioName, count: number): Promise<RawFrame[]> {
  const scenario = await SCENARIOS[name]();
  const frames: RawFrame[] = [];
  for (let tick = 0; tick < count; tick += 1) frames.push(await scenario.next());
  return frames;
}

describe('scenarios', () => {
  it('give 1080p frames in buffers of their own, 100 ms apart', async () => {
    const [first, second] = await firstFrames('typing', 2);
    expect(first!.data.length).toBe(SCREEN.width * SCREEN.height * 4);
    expect(first!.data.buffer).not.toBe(second!.data.buffer);
    expect(second!.capturedAt - first!.capturedAt).toBe(100);
  });

  it('slides stand still for 20 s, then the next slide fills the screen', async () => {
    const frames = await firstFrames('slides', 201);
    expect(changedShare(frames[0]!, frames[199]!)).toBe(0);
    expect(changedShare(frames[199]!, frames[200]!)).toBeGreaterThan(0.1);
  });

  it('typing changes a few tiles a frame', async () => {
    const frames = await firstFrames('typing', 40);
    for (let i = 1; i < frames.length; i += 1) expect(changedShare(frames[i - 1]!, frames[i]!)).toBeLessThan(0.02);
  });

  it('scrolling and video change most of the screen every frame', async () => {
    for (const name of ['scrolling', 'video'] as const) {
      const [first, second] = await firstFrames(name, 2);
      expect(changedShare(first!, second!), name).toBeGreaterThan(0.5);
    }
  });
});
