import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readTestPatternCounter, renderTestPattern } from '@classcast/capture';
import { createFrameEncoder, decodePicture, psnr, type EncodedFrame } from '@classcast/codec';
import { frameOf } from '@classcast/codec/testing';
import { createFrameWriter } from './frame-writer.js';

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

test('every picture becomes one image file; a refresh keyframe of the picture just written adds none', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'classcast-writer-'));
  folders.push(folder);
  const writer = await createFrameWriter(folder);
  const encoder = createFrameEncoder({ keyframeIntervalMs: 250 });
  let sequence = 0;
  let key = 0;
  const send = async (encoded: EncodedFrame | undefined, captureTime: number, refreshOf?: number) => {
    if (!encoded || encoded.kind === 'unchanged') return;
    if (encoded.kind === 'key') key = sequence;
    const frame = frameOf(encoded, { sequence, keySequence: key, captureTime, keyCaptureTime: captureTime, refreshOf });
    sequence += 1;
    await writer.write(frame);
  };
  // The test pattern, then a small dark box more at each frame (a teacher typing): deltas.
  const screens = [renderTestPattern(7, 320, 180)];
  for (let n = 1; n < 4; n += 1) {
    const screen = Buffer.from(screens[n - 1]!);
    for (let row = 150; row < 158; row += 1) screen.fill(0, (row * 320 + n * 20) * 4, (row * 320 + n * 20 + 8) * 4);
    screens.push(screen);
  }
  for (const [n, data] of screens.entries()) {
    const capturedAt = n * 100;
    await send(await encoder.encode({ data, width: 320, height: 180, pixelFormat: 'rgba', capturedAt }), capturedAt);
    await send(await encoder.takeRefresh(), capturedAt, sequence - 1);
  }
  // Then the screen stays still: after six intervals it gets its refresh, a repeat of the last picture.
  await send(await encoder.encode({ data: screens[3]!, width: 320, height: 180, pixelFormat: 'rgba', capturedAt: 1500 }), 1500);
  await send(await encoder.takeRefresh(), 1500, sequence - 1);
  expect(sequence).toBe(5); // 4 pictures and the refresh of the last one
  const files = (await readdir(folder)).sort();
  // The keyframe as it came (lossless WebP: the pattern is screen content), each composed delta as lossless PNG.
  expect(files).toEqual(['screen-0-000000.webp', 'screen-0-000001.png', 'screen-0-000002.png', 'screen-0-000003.png']);
  for (const [n, file] of files.entries()) {
    const picture = await decodePicture(await readFile(join(folder, file)));
    expect(readTestPatternCounter(picture)).toBe(7);
    expect(psnr(screens[n]!, picture.data)).toBeGreaterThan(30);
  }
});
