import { expect, test } from 'vitest';
import { FrameFormatError } from './errors.js';
import { decodeFrame, encodeFrame } from './frame.js';
import { TINY_JPEG, validDeltaFrame } from './test-messages.js';
import { atlasSize, decodeTileContainer, encodeTileContainer, tilePlacements } from './tile-container.js';

const frame = { width: 200, height: 100, codec: 'jpeg' as const };
const container = {
  tileSize: 64,
  atlasColumns: 2,
  tiles: [
    { column: 1, row: 0 },
    { column: 3, row: 1 },
  ],
  atlas: TINY_JPEG,
};

test('a tile container round-trips and places its tiles, clipped at the frame edge', () => {
  const decoded = decodeTileContainer(encodeTileContainer(container), frame);
  expect(decoded).toEqual(container);
  expect(atlasSize(decoded)).toEqual({ width: 128, height: 64 });
  expect(tilePlacements(decoded, 200, 100)).toEqual([
    { frameX: 64, frameY: 0, atlasX: 0, atlasY: 0, width: 64, height: 64 },
    { frameX: 192, frameY: 64, atlasX: 64, atlasY: 0, width: 8, height: 36 },
  ]);
});

test('a delta frame passes through the Kafka message format', () => {
  const delta = validDeltaFrame();
  const message = encodeFrame(delta);
  expect(decodeFrame({ key: message.key, value: message.value, headers: message.headers })).toEqual(delta);
});

test.each([
  ['wrong magic', (b: Uint8Array) => void (b[0] = 0x58), /magic/],
  ['odd tile size', (b: Uint8Array) => void (b[5] = 63), /multiple of 8/],
  ['too many tiles', (b: Uint8Array) => void (b[11] = 99), /99 tiles/],
  ['tile outside the grid', (b: Uint8Array) => void (b[13] = 9), /outside/],
  ['tiles out of order', (b: Uint8Array) => void b.set([0, 0, 0, 0], 16), /row-major/],
  ['atlas of another codec', (b: Uint8Array) => void (b[20] = 0x89), /not a jpeg/],
])('%s is refused', (_, damage, message) => {
  const bytes = Uint8Array.from(encodeTileContainer(container));
  damage(bytes);
  expect(() => decodeTileContainer(bytes, frame)).toThrow(FrameFormatError);
  expect(() => decodeTileContainer(bytes, frame)).toThrow(message);
});

test('a delta that names itself as its keyframe is refused', () => {
  expect(() => encodeFrame(validDeltaFrame({ keySequence: 8 }))).toThrow(/earlier keyframe/);
});
