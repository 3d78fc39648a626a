import { describe, expect, test } from 'vitest';
import { decodeDeltaContainer, type Frame } from '@classcast/protocol';
import { CATCH_UP_BUDGET, createFrameEncoder, type EncodedFrame } from './frame-encoder.js';
import { createPictureCompositor } from './picture-compositor.js';
import { psnr } from './psnr.js';
import type { RawFrame } from './raw-frame.js';
import { renderTestScreen } from './screen-test-helpers.js';
import { frameOf } from './testing.js';

/** A copy of `frame` with a filled box, as if the teacher typed or moved something there. */
function withBox(frame: RawFrame, x: number, y: number, w: number, h: number, grey: number, at: number): RawFrame {
  const data = Buffer.from(frame.data);
  for (let row = y; row < y + h; row += 1) data.fill(grey, (row * frame.width + x) * 4, (row * frame.width + x + w) * 4);
  return { ...frame, data, capturedAt: at };
}

function asFrame(encoded: EncodedFrame, sequence: number, keySequence: number, refreshOf?: number): Frame {
  return frameOf(encoded, { sequence, keySequence, refreshOf });
}

describe('tile deltas', () => {
  test('first a keyframe, then nothing for a still screen, then only the changed tiles', async () => {
    const screen = await renderTestScreen(640, 360);
    const encoder = createFrameEncoder();
    const key = await encoder.encode(screen);
    expect(key.kind).toBe('key');
    expect((await encoder.encode({ ...screen, capturedAt: screen.capturedAt + 100 })).kind).toBe('unchanged');
    // A 20x10 box at (70, 70) lies inside tile (1, 1) alone.
    const typed = await encoder.encode(withBox(screen, 70, 70, 20, 10, 0, screen.capturedAt + 200));
    expect(typed).toMatchObject({ kind: 'delta', changedTiles: 1, totalTiles: 60 });
    if (typed.kind !== 'delta' || key.kind !== 'key') throw new Error('unreachable');
    // Only the 16-pixel cells under the box (x 70-90, y 70-80), drawn from one lossless picture, and no copies.
    const delta = decodeDeltaContainer(typed.bytes, typed);
    expect(delta.copies).toEqual([]);
    expect(delta.rects.map(({ frameX, frameY, width, height }) => `${width}x${height}@${frameX},${frameY}`)).toEqual(['32x16@64,64']);
    expect(delta.pictures.map((picture) => picture.codec)).toEqual(['webp']);
    expect(typed.bytes.length).toBeLessThan(key.bytes.length / 10);
  });

  test('a big change and forceKeyframe give keyframes; deltas: false gives nothing else', async () => {
    const screen = await renderTestScreen(640, 360);
    const encoder = createFrameEncoder({ keyframeIntervalMs: 1000 });
    await encoder.encode(screen);
    expect((await encoder.encode(withBox(screen, 0, 0, 640, 300, 200, screen.capturedAt + 10))).kind).toBe('key');
    encoder.forceKeyframe();
    expect((await encoder.encode(withBox(screen, 0, 0, 8, 8, 2, screen.capturedAt + 20))).kind).toBe('key');
    const whole = createFrameEncoder({ deltas: false });
    for (const at of [0, 10, 20]) expect((await whole.encode({ ...screen, capturedAt: screen.capturedAt + at })).kind).toBe('key');
    expect(await whole.takeRefresh()).toBeUndefined();
  });

  test('once the deltas since the keyframe cost CATCH_UP_BUDGET times its bytes, a refresh waits for a still screen; at twice that it follows the next delta', async () => {
    const screen = await renderTestScreen(640, 360);
    const budget = async (encoder: ReturnType<typeof createFrameEncoder>) => {
      const key = await encoder.encode(screen);
      expect(await encoder.takeRefresh()).toBeUndefined();
      return (key.kind === 'key' ? key.bytes.length : 0) * CATCH_UP_BUDGET;
    };
    /** Typing after the interval until the deltas reach `until` bytes; no refresh comes on the way. */
    const typeUntil = async (encoder: ReturnType<typeof createFrameEncoder>, until: number) => {
      let source = screen;
      let spent = 0;
      for (let step = 1; spent < until; step += 1) {
        source = withBox(source, (step * 41) % 600, 60 + ((step * 23) % 280), 30, 20, (step * 37) % 256, screen.capturedAt + 1500 + step);
        const delta = await encoder.encode(source);
        if (delta.kind === 'delta') spent += delta.bytes.length;
        if (spent < until) expect(await encoder.takeRefresh()).toBeUndefined();
      }
      return source;
    };
    // Over the budget while typing goes on: no refresh yet; the first still moment gets it.
    const pausing = createFrameEncoder({ keyframeIntervalMs: 1000 });
    const typed = await typeUntil(pausing, (await budget(pausing)) * 1.2);
    expect(await pausing.takeRefresh()).toBeUndefined();
    expect((await pausing.encode({ ...typed, capturedAt: typed.capturedAt + 100 })).kind).toBe('unchanged');
    expect((await pausing.takeRefresh())?.kind).toBe('key');
    expect(await pausing.takeRefresh()).toBeUndefined(); // once
    // Typing without a pause: at twice the budget the refresh follows the delta.
    const busy = createFrameEncoder({ keyframeIntervalMs: 1000 });
    await typeUntil(busy, (await budget(busy)) * 2);
    expect((await busy.takeRefresh())?.kind).toBe('key');
  });

  test('a still screen is refreshed only every six intervals: its catch-up is the keyframe alone', async () => {
    const screen = await renderTestScreen(640, 360);
    const encoder = createFrameEncoder({ keyframeIntervalMs: 1000 });
    await encoder.encode(screen);
    for (const at of [1000, 3000, 5900]) {
      expect((await encoder.encode({ ...screen, capturedAt: screen.capturedAt + at })).kind).toBe('unchanged');
      expect(await encoder.takeRefresh()).toBeUndefined();
    }
    expect((await encoder.encode({ ...screen, capturedAt: screen.capturedAt + 6000 })).kind).toBe('unchanged');
    expect((await encoder.takeRefresh())?.kind).toBe('key');
  });

  test('a student who drew the frame before a refresh keeps its picture; a late joiner decodes the refresh', async () => {
    const screen = await renderTestScreen(1280, 720);
    const encoder = createFrameEncoder({ keyframeIntervalMs: 1000 });
    const follower = createPictureCompositor();
    await follower.apply(asFrame(await encoder.encode(screen), 0, 0));
    const typed = withBox(screen, 100, 100, 30, 14, 0, screen.capturedAt + 1500);
    const delta = asFrame(await encoder.encode(typed), 1, 0);
    expect(await follower.applyNew(delta)).toBeDefined();
    // The screen then stays still until a refresh is due (six intervals after the keyframe).
    expect((await encoder.encode({ ...typed, capturedAt: screen.capturedAt + 6000 })).kind).toBe('unchanged');
    const refresh = asFrame((await encoder.takeRefresh())!, 2, 2, 1);
    expect(await follower.applyNew(refresh)).toBeUndefined(); // no new picture: nothing to write
    expect(follower.refreshesKept).toBe(1);
    const lateJoiner = createPictureCompositor();
    expect(await lateJoiner.applyNew(refresh)).toBeDefined();
    expect(lateJoiner.refreshesKept).toBe(0);
    // Both go on with the deltas that build on the refresh, and both show the teacher's screen.
    const source = withBox(typed, 300, 200, 30, 14, 255, screen.capturedAt + 6100);
    const next = asFrame(await encoder.encode(source), 3, 2);
    expect(next.kind).toBe('delta');
    for (const student of [follower, lateJoiner]) expect(psnr(source.data, (await student.apply(next))!.data)).toBeGreaterThanOrEqual(35);
    // A student who missed the delta must not keep its older picture.
    const gap = createPictureCompositor();
    await gap.apply(asFrame(await createFrameEncoder().encode(screen), 0, 0));
    await gap.apply(refresh);
    expect(gap.refreshesKept).toBe(0);
  });

  test('the composited picture matches the source within the codec loss (PSNR ≥ 35 dB at the default quality)', async () => {
    // A real screen size: at 640x360 the same slide's text is so dense that q75 gives 32.6 dB.
    const screen = await renderTestScreen(1280, 720);
    const encoder = createFrameEncoder();
    const compositor = createPictureCompositor();
    let source = screen;
    let keySequence = 0;
    for (let step = 0; step < 12; step += 1) {
      source = step === 0 ? screen : withBox(source, 30 + step * 37, 80 + (step % 5) * 40, 30, 14, (step * 53) % 256, screen.capturedAt + step);
      const encoded = await encoder.encode(source);
      if (encoded.kind === 'unchanged') continue;
      if (encoded.kind === 'key') keySequence = step;
      const picture = await compositor.apply(asFrame(encoded, step, keySequence));
      expect(psnr(source.data, picture!.data)).toBeGreaterThanOrEqual(35);
    }
  });

  test('a delta without its keyframe is refused, not drawn onto the wrong picture', async () => {
    const screen = await renderTestScreen(320, 180);
    const encoder = createFrameEncoder();
    await encoder.encode(screen);
    const delta = await encoder.encode(withBox(screen, 0, 0, 10, 10, 9, screen.capturedAt + 1));
    await expect(createPictureCompositor().apply(asFrame(delta, 1, 0))).rejects.toMatchObject({ code: 'CC_MISSING_KEYFRAME' });
  });
});
