import { describe, expect, test } from 'vitest';
import { ClasscastError } from './errors.js';
import type { Frame } from './frame.js';
import { createPictureChain, drawsPicture, type PictureDecoder, type PictureSurface } from './picture-chain.js';
import { jpegDeclaring, validDeltaFrame, validKeyFrame, validScreenDeltaFrame } from './test-messages.js';
import { decodeDeltaContainer } from './delta-container.js';
import { encodeTileContainer } from './tile-container.js';

interface FakePicture {
  width: number;
  height: number;
  atlas: boolean;
}

/** A decoder that echoes the size asked for, unless a test makes it lie or fail; and a surface that logs. */
function setup() {
  const log: string[] = [];
  const released: FakePicture[] = [];
  const fake = { size: undefined as { width: number; height: number } | undefined, fail: false, pending: undefined as (() => void) | undefined, hold: false };
  const decoder: PictureDecoder<FakePicture> = {
    async decode(_bytes, codec, expected) {
      log.push(`decode ${expected.atlas ? 'atlas' : 'key'} ${codec} ${expected.width}x${expected.height}`);
      if (fake.hold) await new Promise<void>((resolve) => (fake.pending = resolve));
      if (fake.fail) throw new Error('corrupt');
      return { ...expected, ...fake.size };
    },
    release: (picture) => released.push(picture),
  };
  const surface: PictureSurface<FakePicture> = {
    reset: (_picture, width, height) => log.push(`reset ${width}x${height}`),
    patch: (_atlas, placement) => log.push(`patch ${placement.frameX},${placement.frameY} from ${placement.atlasX},${placement.atlasY}`),
    copy: (copy) => log.push(`copy ${copy.sourceX},${copy.sourceY} to ${copy.targetX},${copy.targetY}`),
  };
  const chain = createPictureChain({
    decoder,
    surface,
    missingBase: (frame) => new ClasscastError('CC_MISSING_KEYFRAME', `delta ${frame.sequence}`),
    decodeFailed: (frame, cause) => new ClasscastError('CC_VIEWER_DECODE_FAILED', `${frame.kind} ${frame.sequence}`, { cause }),
  });
  return { chain, log, released, fake };
}

const key = (sequence: number, overrides: Partial<Frame> = {}) => validKeyFrame({ sequence, keySequence: sequence, width: 200, height: 100, ...overrides });
const delta = (sequence: number, keySequence: number, overrides: Partial<Frame> = {}) => validDeltaFrame({ sequence, keySequence, ...overrides });

describe('the chain rules', () => {
  test('a keyframe starts a picture; a delta on it copies each tile of its atlas', async () => {
    const { chain, log, released } = setup();
    expect(await chain.apply(key(7))).toBe('drawn');
    expect(await chain.apply(delta(8, 7))).toBe('drawn');
    expect(log).toEqual([
      'decode key jpeg 200x100',
      'reset 200x100',
      // validDeltaFrame: tiles (1,0) and (3,1) of 64 px, in an atlas of 2 columns (128x64).
      'decode atlas jpeg 128x64',
      'patch 64,0 from 0,0',
      'patch 192,64 from 64,0',
    ]);
    expect(released).toHaveLength(2);
  });

  test('a version 2 delta: every picture decoded with its own codec first, then the copies, then the rects, in order', async () => {
    const { chain, log, released } = setup();
    await chain.apply(key(7));
    expect(await chain.apply(validScreenDeltaFrame({ sequence: 8, keySequence: 7 }))).toBe('drawn');
    expect(log.slice(2)).toEqual(['decode atlas png 200x10', 'decode atlas jpeg 64x32', 'copy 0,10 to 0,0', 'patch 0,90 from 0,0', 'patch 0,0 from 0,0']);
    expect(released).toHaveLength(3);
  });

  test('heartbeat and end draw nothing', async () => {
    const { chain, log } = setup();
    const heartbeat = { ...key(7), kind: 'heartbeat' as const, sequence: 9, payload: new Uint8Array(0) };
    expect(await chain.apply(heartbeat)).toBe('none');
    expect(await chain.apply({ ...heartbeat, kind: 'end' })).toBe('none');
    expect(log).toEqual([]);
    expect([key(1), delta(2, 1), heartbeat, { ...heartbeat, kind: 'end' as const }].map(drawsPicture)).toEqual([true, true, false, false]);
  });

  test('a delta made against another picture is refused; the picture on the surface keeps its chain', async () => {
    const { chain, log } = setup();
    await expect(chain.apply(delta(8, 7))).rejects.toMatchObject({ code: 'CC_MISSING_KEYFRAME' }); // nothing on the surface yet
    await chain.apply(key(7));
    await expect(chain.apply(delta(12, 11))).rejects.toMatchObject({ code: 'CC_MISSING_KEYFRAME' }); // keyframe 11 never seen
    // That delta was no part of this chain (anyone may write one): the deltas on keyframe 7 still draw.
    expect(await chain.apply(delta(13, 7))).toBe('drawn');
    await chain.apply(key(14));
    expect(await chain.apply(delta(15, 14))).toBe('drawn');
    expect(log.filter((line) => line.startsWith('patch'))).toHaveLength(4);
  });

  test('a forged keyframe over the limit, or whose image header is not its frame header, is refused undecoded and the chain goes on', async () => {
    const { chain, log } = setup();
    await chain.apply(key(7));
    const huge = key(9, { width: 16000, height: 16000 });
    expect(chain.refusal(huge)).toMatchObject({ code: 'CC_PICTURE_TOO_LARGE' });
    await expect(chain.apply(huge)).rejects.toMatchObject({ code: 'CC_PICTURE_TOO_LARGE', message: /keyframe 9 is 16000x16000 by its frame header/ });
    const lying = key(10, { payload: jpegDeclaring(16000, 16000) });
    await expect(chain.apply(lying)).rejects.toMatchObject({ code: 'CC_PICTURE_TOO_LARGE', message: /16000x16000 in its jpeg header/ });
    const mismatched = key(11, { payload: jpegDeclaring(300, 100) });
    await expect(chain.apply(mismatched)).rejects.toMatchObject({
      code: 'CC_FRAME_BAD_HEADER',
      message: 'keyframe 11 is 300x100 by its jpeg header but 200x100 by its frame header (jpeg)',
    });
    await expect(chain.apply(key(12, { payload: new Uint8Array(40) }))).rejects.toMatchObject({ code: 'CC_FRAME_BAD_PAYLOAD' });
    expect(await chain.apply(delta(13, 7))).toBe('drawn');
    expect(log.filter((line) => line.startsWith('decode'))).toEqual(['decode key jpeg 200x100', 'decode atlas jpeg 128x64']);
  });

  test('a delta whose atlas header declares more than the limit is refused undecoded', async () => {
    const { chain, log } = setup();
    await chain.apply(key(7));
    const atlas = jpegDeclaring(16000, 16000);
    const bomb = delta(8, 7, { payload: encodeTileContainer({ tileSize: 64, atlasColumns: 1, tiles: [{ column: 1, row: 0 }], atlas }) });
    await expect(chain.apply(bomb)).rejects.toMatchObject({ code: 'CC_PICTURE_TOO_LARGE', message: /tile atlas of delta 8 declares 16000x16000/ });
    expect(log.filter((line) => line.startsWith('decode'))).toEqual(['decode key jpeg 200x100']);
  });

  test('a delta for another screen size is refused', async () => {
    const { chain } = setup();
    await chain.apply(key(7, { width: 400 }));
    await expect(chain.apply(delta(8, 7))).rejects.toMatchObject({ code: 'CC_MISSING_KEYFRAME' });
  });

  test('a refresh of the frame last drawn is kept, not decoded; the deltas after it build on it', async () => {
    const { chain, log } = setup();
    await chain.apply(key(7));
    await chain.apply(delta(8, 7));
    expect(await chain.apply(key(9, { refreshOf: 8 }))).toBe('kept');
    expect(chain.refreshesKept).toBe(1);
    expect(await chain.apply(delta(10, 9))).toBe('drawn');
    expect(log.filter((line) => line.startsWith('decode key'))).toHaveLength(1);
  });

  test('a refresh after a lost frame, or of another size, is decoded like any keyframe', async () => {
    const { chain } = setup();
    await chain.apply(key(7));
    expect(await chain.apply(key(9, { refreshOf: 8 }))).toBe('drawn'); // delta 8 never arrived
    expect(await chain.apply(key(10, { refreshOf: 9, width: 300 }))).toBe('drawn');
    expect(chain.refreshesKept).toBe(0);
  });

  test("a picture whose size is not its header's is refused before it reaches the surface", async () => {
    const { chain, log, fake, released } = setup();
    fake.size = { width: 20000, height: 100 };
    await expect(chain.apply(key(7))).rejects.toMatchObject({ code: 'CC_FRAME_BAD_HEADER', message: 'keyframe 7 is 20000x100 but its header says 200x100' });
    expect(log.some((line) => line.startsWith('reset'))).toBe(false);
    expect(released).toHaveLength(1);
    fake.size = undefined;
    await chain.apply(key(8));
    fake.size = { width: 64, height: 64 };
    await expect(chain.apply(delta(9, 8))).rejects.toMatchObject({
      code: 'CC_FRAME_BAD_HEADER',
      message: expect.stringMatching(/tile atlas of delta 9 is 64x64/),
    });
    fake.size = undefined;
    await expect(chain.apply(delta(10, 8))).rejects.toMatchObject({ code: 'CC_MISSING_KEYFRAME' }); // the failure broke the chain
  });

  test("a picture the decoder refuses is the caller's error, and breaks the chain", async () => {
    const { chain, fake } = setup();
    await chain.apply(key(7));
    fake.fail = true;
    await expect(chain.apply(delta(8, 7))).rejects.toMatchObject({ code: 'CC_VIEWER_DECODE_FAILED', message: 'delta 8' });
    fake.fail = false;
    await expect(chain.apply(delta(9, 7))).rejects.toMatchObject({ code: 'CC_MISSING_KEYFRAME' });
  });
});

describe('the tile container', () => {
  test('a container the transport parsed already is used as it is', async () => {
    const { chain, log } = setup();
    await chain.apply(key(7));
    const frame = delta(8, 7);
    const container = decodeDeltaContainer(frame.payload, frame);
    // The payload is not read again: damaging it after parsing changes nothing.
    expect(await chain.apply({ ...frame, payload: new Uint8Array(3) }, container)).toBe('drawn');
    expect(log.filter((line) => line.startsWith('patch'))).toHaveLength(2);
  });

  test('without one, a bad container is refused before anything is decoded', async () => {
    const { chain, log } = setup();
    await chain.apply(key(7));
    const bad = delta(8, 7, { payload: encodeTileContainer({ tileSize: 64, atlasColumns: 1, tiles: [{ column: 9, row: 0 }], atlas: jpegDeclaring(64, 64) }) });
    await expect(chain.apply(bad)).rejects.toMatchObject({ code: 'CC_FRAME_BAD_PAYLOAD' });
    expect(log.filter((line) => line.startsWith('decode'))).toHaveLength(1);
  });
});

test('after close a picture still decoding is released, not drawn', async () => {
  const { chain, log, fake, released } = setup();
  fake.hold = true;
  const applied = chain.apply(key(7));
  await Promise.resolve();
  chain.close();
  fake.pending!();
  expect(await applied).toBe('none');
  expect(log).toEqual(['decode key jpeg 200x100']);
  expect(released).toHaveLength(1);
});
