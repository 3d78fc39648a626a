import { describe, expect, test } from 'vitest';
import { decodeDeltaContainer, encodeTileContainer, type Frame, pause, type TilePlacement } from '@classcast/protocol';
import { jpegDeclaring, validDeltaFrame, validKeyFrame } from '@classcast/protocol/testing';
import { createCompositor, type PictureDecoder, type Surface } from './compositor.js';

/** A picture of the fakes: a name, and the size the frame promised. */
interface FakePicture {
  name: string;
  width: number;
  height: number;
}

/** A decoder whose decodes finish only when the test says so, so "arrives while decoding" is exact. */
function controlledDecoder() {
  const waiting: Array<{ bytes: Uint8Array; finish(): void; fail(): void }> = [];
  const released: string[] = [];
  const decoder: PictureDecoder<FakePicture> = {
    decode(bytes, _codec, { width, height }) {
      return new Promise((resolve, reject) => {
        waiting.push({ bytes, finish: () => resolve({ name: `picture(${bytes.length})`, width, height }), fail: () => reject(new Error('corrupt')) });
      });
    },
    release: (picture) => released.push(picture.name),
  };
  return { decoder, waiting, released };
}

function recordingSurface() {
  const log: string[] = [];
  const surface: Surface<FakePicture> = {
    reset: (picture, width, height) => log.push(`reset ${width}x${height}`),
    patch: (_atlas, placement: TilePlacement) => log.push(`patch ${placement.frameX},${placement.frameY}`),
    copy: (copy) => log.push(`copy ${copy.targetX},${copy.targetY}`),
    present: () => log.push('present'),
  };
  return { surface, log };
}

const key = (sequence: number, overrides: Partial<Frame> = {}) => validKeyFrame({ sequence, keySequence: sequence, width: 200, height: 100, ...overrides });
const delta = (sequence: number, keySequence: number) => validDeltaFrame({ sequence, keySequence });
const heartbeat = (sequence: number, keySequence: number) => ({ ...key(keySequence), kind: 'heartbeat' as const, sequence, payload: new Uint8Array(0) });

async function settle(compositor: { idle(): Promise<void> }) {
  await pause(0);
  await compositor.idle();
}

function setup(now = () => 0) {
  const { decoder, waiting, released } = controlledDecoder();
  const { surface, log } = recordingSurface();
  const presented: number[] = [];
  const failures: string[] = [];
  const compositor = createCompositor({
    decoder,
    surface,
    now,
    onPresent: (frame) => presented.push(frame.sequence),
    onFailure: (error) => failures.push(error.code),
  });
  const finishNext = async () => {
    waiting.shift()!.finish();
    await pause(0);
  };
  return { compositor, waiting, released, log, presented, failures, finishNext };
}

describe('keyframes', () => {
  test('a keyframe is decoded, drawn, shown and its picture released', async () => {
    const { compositor, log, presented, released, finishNext } = setup();
    compositor.push(key(1));
    await finishNext();
    await settle(compositor);
    expect(log).toEqual(['reset 200x100', 'present']);
    expect(presented).toEqual([1]);
    expect(released).toHaveLength(1);
  });

  test('a keyframe of another size (a shared window resized) draws at that size, and its deltas build on it', async () => {
    const { compositor, log, presented, finishNext } = setup();
    compositor.push(key(1));
    await finishNext();
    compositor.push(key(2, { width: 320, height: 180 }));
    await finishNext();
    compositor.push(validDeltaFrame({ sequence: 3, keySequence: 2, width: 320, height: 180 }));
    await finishNext();
    await settle(compositor);
    expect(log).toEqual(['reset 200x100', 'present', 'reset 320x180', 'present', 'patch 64,0', 'patch 192,64', 'present']);
    expect(presented).toEqual([1, 2, 3]);
  });

  test('frames arriving while one decodes are dropped but the newest, which is shown last', async () => {
    const { compositor, waiting, presented, finishNext } = setup();
    compositor.push(key(1));
    compositor.push(key(2));
    compositor.push(key(3));
    compositor.push(key(4));
    expect(waiting).toHaveLength(1); // one decode at a time
    await finishNext(); // 1 done; 2 and 3 were superseded by 4
    await finishNext();
    await settle(compositor);
    expect(presented).toEqual([1, 4]);
    expect(compositor.stats).toMatchObject({ applied: 2, dropped: 2, presented: 2 });
  });

  test('a picture that cannot be decoded is counted, and the next keyframe still shows', async () => {
    const { compositor, waiting, presented, failures, finishNext } = setup();
    compositor.push(key(1));
    waiting.shift()!.fail();
    await settle(compositor);
    compositor.push(key(2));
    await finishNext();
    await settle(compositor);
    expect(failures).toEqual(['CC_VIEWER_DECODE_FAILED']);
    expect(presented).toEqual([2]);
  });
});

describe('forged keyframes', () => {
  test('one over the limit is refused before it is queued: the deltas waiting are not dropped, nothing is decoded', async () => {
    const { compositor, waiting, presented, failures, finishNext } = setup();
    compositor.push(key(7));
    compositor.push(delta(8, 7)); // waits behind the keyframe decoding
    compositor.push(key(9, { width: 16000, height: 16000, payload: jpegDeclaring(16000, 16000) }));
    compositor.push(key(10, { payload: jpegDeclaring(16000, 16000) })); // the frame header lies
    expect(failures).toEqual(['CC_PICTURE_TOO_LARGE', 'CC_PICTURE_TOO_LARGE']);
    await finishNext();
    await finishNext();
    await settle(compositor);
    expect(waiting).toHaveLength(0);
    expect(presented).toEqual([7, 8]);
    expect(compositor.stats).toMatchObject({ applied: 2, failed: 2, dropped: 0 });
  });
});

describe('deltas', () => {
  test('each tile of a delta is copied onto the keyframe it builds on', async () => {
    const { compositor, log, presented, finishNext } = setup();
    compositor.push(key(7));
    await finishNext();
    compositor.push(delta(8, 7));
    await finishNext();
    await settle(compositor);
    // validDeltaFrame changes tiles (1,0) and (3,1) of 64 px.
    expect(log).toEqual(['reset 200x100', 'present', 'patch 64,0', 'patch 192,64', 'present']);
    expect(presented).toEqual([7, 8]);
  });

  test('deltas queued behind a decode are all applied, in order, and shown once', async () => {
    const { compositor, log, finishNext, presented } = setup();
    compositor.push(key(7));
    compositor.push(delta(8, 7));
    compositor.push(delta(9, 7));
    await finishNext();
    await finishNext();
    await finishNext();
    await settle(compositor);
    expect(log.filter((entry) => entry.startsWith('patch'))).toHaveLength(4);
    // The first picture shows at once (the screen was empty); the deltas behind it together.
    expect(presented).toEqual([7, 9]);
    expect(compositor.stats.dropped).toBe(0);
  });

  test('a refresh of the frame on screen is not decoded, and the deltas after it build on it', async () => {
    const { compositor, waiting, log, presented, finishNext } = setup();
    compositor.push(key(7));
    compositor.push(delta(8, 7)); // queued behind the keyframe's decode: the refresh must not drop it
    compositor.push(key(9, { refreshOf: 8 }));
    compositor.push(delta(10, 9));
    await finishNext(); // keyframe 7
    await finishNext(); // delta 8
    expect(waiting).toHaveLength(1); // delta 10's atlas: the refresh asked for no decode
    await finishNext();
    await settle(compositor);
    expect(log.filter((entry) => entry.startsWith('reset'))).toEqual(['reset 200x100']);
    expect(compositor.stats).toMatchObject({ refreshesKept: 1, dropped: 0, failed: 0 });
    expect(presented.at(-1)).toBe(10);
  });

  test('a refresh after a lost frame is decoded like any keyframe', async () => {
    const { compositor, waiting, log, finishNext } = setup();
    compositor.push(key(7));
    await finishNext();
    await settle(compositor);
    compositor.push(key(9, { refreshOf: 8 })); // delta 8 never arrived (a slow client's gateway dropped it)
    expect(waiting).toHaveLength(1);
    await finishNext();
    await settle(compositor);
    expect(log.filter((entry) => entry.startsWith('reset'))).toHaveLength(2);
    expect(compositor.stats.refreshesKept).toBe(0);
  });

  test('a delta with no keyframe on screen is dropped, and so is the rest of its chain', async () => {
    const { compositor, waiting, presented, finishNext } = setup();
    compositor.push(delta(8, 7));
    compositor.push(delta(9, 7));
    expect(waiting).toHaveLength(0);
    compositor.push(key(10));
    await finishNext();
    await settle(compositor);
    expect(presented).toEqual([10]);
    expect(compositor.stats.dropped).toBe(2);
  });

  test('a delta of another keyframe fails instead of painting tiles onto the wrong picture', async () => {
    const { compositor, log, failures, finishNext } = setup();
    compositor.push(key(7));
    await finishNext();
    compositor.push(delta(12, 11));
    await settle(compositor);
    expect(failures).toEqual(['CC_VIEWER_DELTA_WITHOUT_BASE']);
    expect(log.some((entry) => entry.startsWith('patch'))).toBe(false);
  });

  test('too many queued deltas: the chain is given up until the next keyframe', async () => {
    const { decoder } = controlledDecoder();
    const { surface } = recordingSurface();
    const compositor = createCompositor({ decoder, surface, maxQueued: 3 });
    compositor.push(key(1));
    for (let sequence = 2; sequence <= 8; sequence += 1) compositor.push(delta(sequence, 1));
    // 3 waited behind the keyframe, the 4th overflowed: those 3 and the 4 after are dropped.
    expect(compositor.stats.dropped).toBe(7);
  });
});

describe('catching up and heartbeats', () => {
  test('catch-up frames are composed but not shown; the first live frame shows them', async () => {
    const { compositor, log, presented, finishNext } = setup();
    compositor.push(key(7), { catchingUp: true });
    compositor.push(delta(8, 7), { catchingUp: true });
    await finishNext();
    await finishNext();
    await settle(compositor);
    expect(log).not.toContain('present');
    compositor.push(heartbeat(9, 7));
    expect(log.at(-1)).toBe('present');
    expect(presented).toEqual([8]);
  });

  test('a heartbeat alone shows nothing new', async () => {
    const { compositor, log } = setup();
    compositor.push(heartbeat(3, 1));
    compositor.push({ ...heartbeat(4, 1), kind: 'end' });
    await settle(compositor);
    expect(log).toEqual([]);
  });

  test('a machine that never catches up still shows a picture every maxPresentGapMs', async () => {
    let clock = 0;
    const { compositor, presented, finishNext } = setup(() => clock);
    compositor.push(key(1));
    compositor.push(delta(2, 1));
    await finishNext(); // key 1 done, delta 2 waiting: shown, the screen was empty for "ever"
    compositor.push(delta(3, 1));
    clock = 50;
    await finishNext(); // delta 2 done, 3 queued, 50 ms since the last present: wait
    clock = 150;
    compositor.push(delta(4, 1));
    await finishNext(); // delta 3 done, 4 queued, 150 ms: show
    expect(presented).toEqual([1, 3]);
  });
});

test('after close nothing is drawn and decoded pictures are released', async () => {
  const { compositor, log, released, finishNext } = setup();
  compositor.push(key(1));
  compositor.close();
  await finishNext();
  expect(log).toEqual([]);
  expect(released).toHaveLength(1);
});

test('the tile container of a delta is checked before anything is decoded', async () => {
  const { compositor, waiting, failures, finishNext } = setup();
  compositor.push(key(7));
  await finishNext();
  compositor.push({
    ...delta(8, 7),
    payload: encodeTileContainer({ tileSize: 64, atlasColumns: 1, tiles: [{ column: 9, row: 0 }], atlas: jpegDeclaring(64, 64) }),
  });
  await settle(compositor);
  expect(waiting).toHaveLength(0);
  expect(failures).toEqual(['CC_FRAME_BAD_PAYLOAD']);
});

test("a newer classcast's delta (CCD3) is refused with CC_FRAME_UNSUPPORTED_VERSION, undecoded, and the next keyframe still draws", async () => {
  const { compositor, waiting, failures, log, presented, finishNext } = setup();
  compositor.push(key(7));
  await finishNext();
  const newer = delta(8, 7);
  const payload = newer.payload.slice();
  payload.set([0x43, 0x43, 0x44, 0x33]); // "CCD3"
  compositor.push({ ...newer, payload });
  await settle(compositor);
  expect(waiting).toHaveLength(0);
  expect(failures).toEqual(['CC_FRAME_UNSUPPORTED_VERSION']);
  compositor.push(key(9));
  await finishNext();
  await settle(compositor);
  expect(log.filter((entry) => entry.startsWith('reset'))).toHaveLength(2);
  expect(presented.at(-1)).toBe(9);
});

test('a container the feed parsed is drawn from as it is, not parsed again', async () => {
  const { compositor, log, failures, finishNext } = setup();
  compositor.push(key(7));
  await finishNext();
  const frame = delta(8, 7);
  compositor.push({ ...frame, payload: new Uint8Array(3) }, { container: decodeDeltaContainer(frame.payload, frame) });
  await finishNext();
  await settle(compositor);
  expect(failures).toEqual([]);
  expect(log.filter((entry) => entry.startsWith('patch'))).toEqual(['patch 64,0', 'patch 192,64']);
});
