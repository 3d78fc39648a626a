import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fixedSizeChunks } from './raw-frames.js';

async function collect(chunks: number[][], size: number): Promise<number[][]> {
  const frames: number[][] = [];
  for await (const frame of fixedSizeChunks(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), size)) frames.push([...frame]);
  return frames;
}

describe('fixedSizeChunks', () => {
  it('cuts frames across and within pipe chunks, each in a buffer of its own', async () => {
    expect(await collect([[1, 2], [3, 4, 5, 6, 7], [8]], 4)).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    const seen: Buffer[] = [];
    for await (const frame of fixedSizeChunks(Readable.from([Buffer.from([1, 2, 3, 4, 5, 6])]), 3)) seen.push(frame);
    expect(seen[0]!.buffer === seen[1]!.buffer && seen[0]!.byteOffset === seen[1]!.byteOffset).toBe(false);
    expect([...seen[0]!]).toEqual([1, 2, 3]);
  });

  it('refuses a stream that stops inside a frame', async () => {
    await expect(collect([[1, 2, 3, 4, 5]], 4)).rejects.toThrow(/1 bytes into a frame of 4/);
  });
});
