import { createFrameEncoder, type EncodedFrame, type RawFrame } from '@classcast/codec';
import { describe, expect, it } from 'vitest';
import { createFrameStream } from './frame-stream.js';

const WIDTH = 128;
const HEIGHT = 64;

/** A grey 128x64 picture whose left tile is `left` grey. */
function raw(left: number, capturedAt: number): RawFrame {
  const data = Buffer.alloc(WIDTH * HEIGHT * 4, 128);
  for (let y = 0; y < HEIGHT; y += 1) data.fill(left, y * WIDTH * 4, (y * WIDTH + 64) * 4);
  return { data, width: WIDTH, height: HEIGHT, pixelFormat: 'rgba', capturedAt };
}

const unchanged: EncodedFrame = { kind: 'unchanged', width: WIDTH, height: HEIGHT, totalTiles: 2 };

describe('frame stream', () => {
  it('numbers frames and names the keyframe each builds on', async () => {
    const encoder = createFrameEncoder();
    const stream = createFrameStream();
    const key = await encoder.encode(raw(0, 1000));
    stream.push(key, 1000);
    const delta = stream.push(await encoder.encode(raw(255, 1100)), 1100);
    expect(delta).toMatchObject({ kind: 'delta', sequence: 1, keySequence: 0, keyCaptureTime: 1000 });
    expect(stream.messages).toBe(2);
    // The headers and the key cost bytes too.
    expect(stream.bytes).toBeGreaterThan(key.kind === 'key' ? key.bytes.length + delta!.payload.length + 100 : Infinity);
  });

  it('sends a heartbeat about once a second while nothing changes', async () => {
    const stream = createFrameStream();
    stream.push(await createFrameEncoder().encode(raw(0, 0)), 0);
    const sent = Array.from({ length: 25 }, (_, tick) => stream.push(unchanged, (tick + 1) * 100)).filter((frame) => frame !== undefined);
    expect(sent.map((frame) => frame.kind)).toEqual(['heartbeat', 'heartbeat']);
    expect(sent.map((frame) => frame.captureTime)).toEqual([1000, 2000]);
    expect(stream.heartbeats).toBe(2);
  });

  it('a refresh keyframe follows its delta and names it', async () => {
    const encoder = createFrameEncoder({ keyframeIntervalMs: 1000 });
    const stream = createFrameStream();
    stream.push(await encoder.encode(raw(0, 0)), 0);
    // The left tile changes every frame (no still moment): a refresh follows a delta once the
    // deltas since the keyframe have cost twice the encoder's catch-up budget.
    let refresh: EncodedFrame | undefined;
    let at = 1500;
    for (; !refresh && at < 60_000; at += 100) {
      stream.push(await encoder.encode(raw(at % 200 === 0 ? 255 : 0, at)), at);
      refresh = await encoder.takeRefresh();
    }
    const last = at - 100;
    const sent = stream.pushRefresh(refresh as Extract<EncodedFrame, { kind: 'key' }>, last);
    expect(sent).toMatchObject({ kind: 'key', keySequence: sent.sequence, refreshOf: sent.sequence - 1 });
    const next = stream.push(await encoder.encode(raw(at % 200 === 0 ? 255 : 0, at)), at);
    expect(next).toMatchObject({ kind: 'delta', sequence: sent.sequence + 1, keySequence: sent.sequence });
  });
});
