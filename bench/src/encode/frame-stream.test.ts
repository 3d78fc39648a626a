import type { EncodedFrame } from '@classcast/codec';
import { describe, expect, it } from 'vitest';
import { createFrameStream } from './frame-stream.js';

const picture = (kind: 'key' | 'delta', size: number): EncodedFrame => ({ kind, bytes: Buffer.alloc(size, 1), codec: 'jpeg', width: 64, height: 64, changedTiles: 1, totalTiles: 1 });
const unchanged: EncodedFrame = { kind: 'unchanged', width: 64, height: 64, totalTiles: 1 };

describe('frame stream', () => {
  it('numbers frames and names the keyframe each builds on', () => {
    const stream = createFrameStream();
    stream.push(picture('key', 10), 1000);
    const delta = stream.push(picture('delta', 5), 1100);
    expect(delta).toMatchObject({ kind: 'delta', sequence: 1, keySequence: 0, keyCaptureTime: 1000 });
    expect(stream.messages).toBe(2);
    // The headers and the key cost bytes too.
    expect(stream.bytes).toBeGreaterThan(15);
  });

  it('sends a heartbeat about once a second while nothing changes', () => {
    const stream = createFrameStream();
    stream.push(picture('key', 10), 0);
    const sent = Array.from({ length: 25 }, (_, tick) => stream.push(unchanged, (tick + 1) * 100)).filter((frame) => frame !== undefined);
    expect(sent.map((frame) => frame.kind)).toEqual(['heartbeat', 'heartbeat']);
    expect(sent.map((frame) => frame.captureTime)).toEqual([1000, 2000]);
    expect(stream.heartbeats).toBe(2);
  });
});
