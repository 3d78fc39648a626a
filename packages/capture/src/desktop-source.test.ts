/**
 * Desktop capture for real: a private Xvfb with a known root colour, captured through
 * node-screenshots. Without Xvfb these tests fail (CI installs it); they never skip.
 */
import { existsSync } from 'node:fs';
import { createEncoder, decodePicture, psnr, type RawFrame } from '@classcast/codec';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDesktopSource } from './desktop-source.js';
import { createSource } from './source-spec.js';
import { startXvfb, type Xvfb } from '../../../test-support/xvfb.js';

let xvfb: Xvfb | undefined;
let xvfbProblem: unknown;

beforeAll(async () => {
  try {
    xvfb = await startXvfb(1024, 768);
  } catch (error) {
    xvfbProblem = error; // each test then fails with it: vitest would only skip them on a beforeAll failure
  }
});

afterAll(async () => {
  await xvfb?.stop();
});

function server(): Xvfb {
  if (xvfb === undefined) throw xvfbProblem;
  return xvfb;
}

/**
 * node-screenshots reads DISPLAY from the process environment at each call, so these tests set it
 * (vitest runs each file in its own process) and put it back afterwards.
 */
async function withDisplay<T>(display: string | undefined, run: () => Promise<T>): Promise<T> {
  const saved = { DISPLAY: process.env.DISPLAY, WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY };
  setEnv('DISPLAY', display);
  setEnv('WAYLAND_DISPLAY', undefined);
  try {
    return await run();
  } finally {
    setEnv('DISPLAY', saved.DISPLAY);
    setEnv('WAYLAND_DISPLAY', saved.WAYLAND_DISPLAY);
  }
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** How many pixels of the frame are not exactly this RGB colour. */
function pixelsOtherThan(frame: RawFrame, [red, green, blue]: readonly number[]): number {
  let others = 0;
  for (let i = 0; i < frame.data.length; i += 4) {
    if (frame.data[i] !== red || frame.data[i + 1] !== green || frame.data[i + 2] !== blue) others += 1;
  }
  return others;
}

describe('under Xvfb', () => {
  test('captures the whole screen in the root window colour, and follows changes', async () => {
    const { display, setRootColour } = server();
    await setRootColour('#ff8000');
    await withDisplay(display, async () => {
      const source = await createDesktopSource();
      expect(source).toMatchObject({ width: 1024, height: 768 });
      expect(source.name).toMatch(/^desktop: monitor 0 ".*"$/);

      const before = Date.now();
      const frame = await source.next();
      expect(frame).toMatchObject({ width: 1024, height: 768, pixelFormat: 'rgba' });
      expect(frame.capturedAt).toBeGreaterThanOrEqual(before);
      expect(frame.data.length).toBe(1024 * 768 * 4);
      expect(pixelsOtherThan(frame, [0xff, 0x80, 0x00])).toBe(0);

      await setRootColour('#0040c0');
      expect(pixelsOtherThan(await source.next(), [0x00, 0x40, 0xc0])).toBe(0);

      await source.close();
      await expect(source.next()).rejects.toMatchObject({ code: 'CC_CAPTURE_CLOSED' });
    });
  });

  test('a captured frame encodes and decodes to the same picture', async () => {
    const { display, setRootColour } = server();
    await setRootColour('#ff8000');
    await withDisplay(display, async () => {
      const source = await createSource('desktop:0');
      const frame = await source.next();
      const decoded = await decodePicture((await createEncoder({ codec: 'png' }).encode(frame)).bytes);
      expect(psnr(frame.data, decoded.data)).toBe(Infinity);
      await source.close();
    });
  });

  test('a monitor that does not exist is named', async () => {
    await withDisplay(server().display, async () => {
      await expect(createSource('desktop:1')).rejects.toMatchObject({
        code: 'CC_CAPTURE_NO_MONITOR',
        message: 'monitor 1 does not exist: this display has 1 (0)',
      });
    });
  });
});

describe('without a display, one clear line', () => {
  test('DISPLAY unset', async () => {
    await withDisplay(undefined, async () => {
      await expect(createDesktopSource()).rejects.toMatchObject({
        code: 'CC_CAPTURE_NO_DISPLAY',
        message: 'no display to capture: set DISPLAY or use --source test',
      });
    });
  });

  test('DISPLAY names a server that is not running', async () => {
    let free = 90;
    while (existsSync(`/tmp/.X11-unix/X${free}`) || existsSync(`/tmp/.X${free}-lock`)) free += 1;
    await withDisplay(`:${free}`, async () => {
      await expect(createDesktopSource()).rejects.toMatchObject({
        code: 'CC_CAPTURE_NO_DISPLAY',
      });
      await expect(createDesktopSource()).rejects.toThrow(new RegExp(`^no display to capture at DISPLAY=:${free} \\(.+\\): set DISPLAY or use --source test$`));
    });
  });
});

test('a bad monitor number is refused before touching the display', async () => {
  await expect(createDesktopSource({ monitor: -1 })).rejects.toMatchObject({ code: 'CC_CAPTURE_BAD_OPTIONS' });
});
