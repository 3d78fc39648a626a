import { describe, expect, it } from 'vitest';
import { annexBAccessUnits, avcCodecString, ivfFrames } from './stream-chunks.js';

const START4 = [0, 0, 0, 1];
const START3 = [0, 0, 1];
// NAL header bytes: SPS 0x67, PPS 0x68, IDR slice 0x65, non-IDR slice 0x41. A slice's next byte
// with its top bit set means first_mb_in_slice = 0 (a new picture); clear means a later slice.
const SPS = [...START4, 0x67, 0x64, 0x00, 0x28, 0xac];
const PPS = [...START4, 0x68, 0xee, 0x3c];
const IDR = [...START3, 0x65, 0x88, 0x84];
const P_FIRST = [...START3, 0x41, 0x9a, 0x02];
const P_SECOND_SLICE = [...START3, 0x41, 0x02, 0x03];

describe('annexBAccessUnits', () => {
  it('gives one chunk per picture, parameter sets with the keyframe, later slices with their picture', () => {
    const stream = Uint8Array.from([...SPS, ...PPS, ...IDR, ...P_FIRST, ...P_SECOND_SLICE, ...P_FIRST, ...SPS, ...PPS, ...IDR]);
    const chunks = annexBAccessUnits(stream);
    expect(chunks.map((chunk) => chunk.key)).toEqual([true, false, false, true]);
    expect([...chunks[0]!.data]).toEqual([...SPS, ...PPS, ...IDR]);
    expect([...chunks[1]!.data]).toEqual([...P_FIRST, ...P_SECOND_SLICE]);
    expect(chunks.reduce((sum, chunk) => sum + chunk.data.length, 0)).toBe(stream.length);
  });

  it('reads the codec string from the SPS', () => {
    expect(avcCodecString(Uint8Array.from([...SPS, ...IDR]))).toBe('avc1.640028');
  });
});

function ivf(frames: number[][]): Uint8Array {
  const header = new Uint8Array(32);
  header.set([0x44, 0x4b, 0x49, 0x46], 0);
  new DataView(header.buffer).setUint16(6, 32, true);
  const parts = frames.map((frame) => {
    const part = new Uint8Array(12 + frame.length);
    new DataView(part.buffer).setUint32(0, frame.length, true);
    part.set(frame, 12);
    return part;
  });
  return Uint8Array.from([...header, ...parts.flatMap((part) => [...part])]);
}

describe('ivfFrames', () => {
  it('cuts frames by their headers and tells VP9 keyframes (frame_type 0) from the others', () => {
    // 0x82: frame_marker 2, profile 0, show_existing 0, frame_type 0 (key); 0x86: frame_type 1.
    const chunks = ivfFrames(
      ivf([
        [0x82, 0x49, 0x83],
        [0x86, 0x00],
        [0x86, 0x01, 0x02, 0x03],
      ]),
    );
    expect(chunks.map((chunk) => [chunk.key, chunk.data.length])).toEqual([
      [true, 3],
      [false, 2],
      [false, 4],
    ]);
  });

  it('refuses a truncated file', () => {
    const file = ivf([[0x82, 0x49, 0x83]]);
    expect(() => ivfFrames(file.subarray(0, file.length - 1))).toThrow(/past the end/);
  });
});
