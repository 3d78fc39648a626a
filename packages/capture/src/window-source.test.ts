/**
 * Monitors, regions and windows captured for real: an X server with two monitors side by side
 * (Xorg's dummy driver, see test-support/x-desktop.ts), a window manager, and real xterm and
 * Chromium windows that the tests move, resize and close. Without those programs these tests
 * fail (CI installs them); they never skip.
 */
import type { RawFrame } from '@classcast/codec';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startXDesktop, type XDesktop, type XWindow } from '../../../test-support/x-desktop.js';
import { createSource } from './source-spec.js';
import type { FrameSource } from './frame-source.js';

const LEFT = { width: 800, height: 600 };
const RIGHT = { width: 640, height: 480 };
const ROOT = '#ff8000';

let desktop: XDesktop | undefined;
let desktopProblem: unknown;

beforeAll(async () => {
  try {
    desktop = await startXDesktop([LEFT, RIGHT]);
    await desktop.setRootColour(ROOT);
    // node-screenshots reads DISPLAY at each call; vitest runs each file in its own process.
    process.env.DISPLAY = desktop.display;
    delete process.env.WAYLAND_DISPLAY;
  } catch (error) {
    desktopProblem = error; // each test then fails with it: vitest would only skip them on a beforeAll failure
  }
}, 60_000);

afterAll(async () => {
  await desktop?.stop();
}, 30_000);

function server(): XDesktop {
  if (desktop === undefined) throw desktopProblem;
  return desktop;
}

/** The colour ('#rrggbb') of the pixel that starts at byte `i`. */
function colourOf(frame: RawFrame, i: number): string {
  return `#${[frame.data[i]!, frame.data[i + 1]!, frame.data[i + 2]!].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** How many pixels of each colour the frame has. */
function colours(frame: RawFrame): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < frame.data.length; i += 4) counts.set(colourOf(frame, i), (counts.get(colourOf(frame, i)) ?? 0) + 1);
  return counts;
}

function colourAt(frame: RawFrame, x: number, y: number): string {
  return colourOf(frame, (y * frame.width + x) * 4);
}

/** Runs `use` with the window, and closes it after. */
async function withWindow<T>(opened: Promise<XWindow>, use: (window: XWindow) => Promise<T>): Promise<T> {
  const window = await opened;
  try {
    return await use(window);
  } finally {
    await window.close();
  }
}

async function withSource<T>(spec: string, use: (source: FrameSource) => Promise<T>): Promise<T> {
  const source = await createSource(spec);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}

describe('two monitors', () => {
  test('desktop:1 captures the second monitor, not the first', async () => {
    await withWindow(server().openXterm({ title: 'on the right', colour: '#00ff00', x: LEFT.width + 40, y: 30 }), async (xterm) => {
      const { width, height } = await xterm.geometry();
      const right = await withSource('desktop:1', (source) => source.next());
      expect(right).toMatchObject(RIGHT);
      expect(colours(right).get('#00ff00')).toBe(width * height);
      expect(colourAt(right, 40, 30)).toBe('#00ff00');
      const left = await withSource('desktop:0', (source) => source.next());
      expect(left).toMatchObject(LEFT);
      expect([...colours(left).keys()]).toEqual([ROOT]);
    });
  });

  test('desktop:NAME is the monitor of that name, in any case; a name the display does not have is refused, naming its monitors', async () => {
    const source = await createSource('desktop:dummy1');
    expect(source).toMatchObject({ name: 'desktop: monitor 1 "DUMMY1"', ...RIGHT });
    await source.close();
    await expect(createSource('desktop:HDMI-1')).rejects.toMatchObject({
      code: 'CC_CAPTURE_NO_MONITOR',
      message: 'no monitor is named "HDMI-1": this display has 0 "DUMMY0", 1 "DUMMY1"',
    });
  });

  test('region:X,Y,W,H@N captures exactly that rectangle of monitor N', async () => {
    // A 100x60 region of the right monitor that the xterm covers on its left half only.
    await withWindow(server().openXterm({ title: 'half a region', colour: '#0000ff', x: LEFT.width + 100, y: 50 }), async (xterm) => {
      const { x, y } = await xterm.geometry();
      const frame = await withSource(`region:${x - LEFT.width - 50},${y},100,60@1`, async (source) => {
        expect(source).toMatchObject({ width: 100, height: 60 });
        expect(source.name).toBe(`region 100x60 at ${x - LEFT.width - 50},${y} of monitor 1 "DUMMY1"`);
        return source.next();
      });
      expect(frame).toMatchObject({ width: 100, height: 60 });
      expect(Object.fromEntries(colours(frame))).toEqual({ [ROOT]: 50 * 60, '#0000ff': 50 * 60 });
      expect(colourAt(frame, 49, 0)).toBe(ROOT);
      expect(colourAt(frame, 50, 0)).toBe('#0000ff');
    });
  });

  test('region:X,Y,W,H without @N is on the primary monitor', async () => {
    const frame = await withSource('region:0,0,10,10', (source) => source.next());
    expect(frame).toMatchObject({ width: 10, height: 10 });
    expect([...colours(frame).keys()]).toEqual([ROOT]);
  });

  test('a region that does not fit on its monitor is refused, saying how big the monitor is', async () => {
    await expect(createSource('region:600,0,100,100@1')).rejects.toMatchObject({
      code: 'CC_CAPTURE_BAD_OPTIONS',
      message: 'region 600,0,100,100 does not fit on monitor 1 (640x480): it must end by 640,480',
    });
    await expect(createSource('region:0,0,10,10@2')).rejects.toMatchObject({ code: 'CC_CAPTURE_NO_MONITOR' });
  });
});

describe('a window', () => {
  test('window:TITLE captures the xterm, follows it when it moves and is resized, and ends when it closes', async () => {
    const xterm = await server().openXterm({ title: 'Lesson xterm', colour: '#00ff00', x: 100, y: 80 });
    const source = await createSource('window:lesson XTERM');
    try {
      const first = await xterm.geometry();
      expect(source.name).toBe(`window "Lesson xterm" (id ${xterm.id})`);
      expect(source).toMatchObject({ width: first.width, height: first.height });
      const frame = await source.next();
      expect(frame).toMatchObject({ width: first.width, height: first.height });
      expect(Object.fromEntries(colours(frame))).toEqual({ '#00ff00': first.width * first.height });

      // Moved onto the other monitor: the same picture.
      await xterm.move(LEFT.width + 20, 40);
      await expect.poll(async () => (await xterm.geometry()).x).toBe(LEFT.width + 20);
      expect(Object.fromEntries(colours(await source.next()))).toEqual({ '#00ff00': first.width * first.height });

      // Resized: the frame takes the new size.
      await xterm.resize(first.width + 120, first.height + 60);
      await expect.poll(async () => (await xterm.geometry()).width).toBeGreaterThan(first.width);
      const resized = await xterm.geometry();
      const bigger = await source.next();
      expect(bigger).toMatchObject({ width: resized.width, height: resized.height });
      expect(Object.fromEntries(colours(bigger))).toEqual({ '#00ff00': resized.width * resized.height });

      await xterm.close();
      await expect(source.next()).rejects.toMatchObject({
        code: 'CC_CAPTURE_WINDOW_CLOSED',
        retriable: false,
        message: 'the shared window "Lesson xterm" was closed: the broadcast ends',
      });
    } finally {
      await source.close();
      await xterm.close();
    }
  });

  test('a window partly off the screen shares the part on it, and all of it once it is back', async () => {
    await withWindow(server().openXterm({ title: 'at the edge', colour: '#00ffff', x: 200, y: 40 }), async (xterm) => {
      const { width, height } = await xterm.geometry();
      await withSource('window:at the edge', async (source) => {
        const right = LEFT.width + RIGHT.width;
        await xterm.move(right - 100, 40);
        await expect.poll(async () => (await xterm.geometry()).x).toBe(right - 100);
        const part = await source.next();
        expect(part).toMatchObject({ width: 100, height });
        expect(Object.fromEntries(colours(part))).toEqual({ '#00ffff': 100 * height });

        await xterm.move(LEFT.width + 10, 40);
        await expect.poll(async () => (await xterm.geometry()).x).toBe(LEFT.width + 10);
        expect(Object.fromEntries(colours(await source.next()))).toEqual({ '#00ffff': width * height });
      });
    });
  });

  test('window:#ID captures the window with that X id, in hex as xwininfo prints it', async () => {
    await withWindow(server().openXterm({ title: 'by id', colour: '#ff00ff', x: 300, y: 300, columns: 20, rows: 5 }), async (xterm) => {
      const { width, height } = await xterm.geometry();
      const frame = await withSource(`window:#0x${xterm.id.toString(16)}`, (source) => source.next());
      expect(Object.fromEntries(colours(frame))).toEqual({ '#ff00ff': width * height });
    });
  });

  test('window:TITLE captures a Chromium window', async () => {
    await withWindow(server().openChromium({ title: 'Classcast page', colour: '#3366cc', x: 50, y: 50, width: 500, height: 400 }), async (chromium) => {
      // Chromium draws the page once it has loaded: until then the window is blank.
      const { width, height } = await chromium.geometry();
      await withSource('window:classcast page', async (source) => {
        expect(source).toMatchObject({ width, height });
        await expect.poll(async () => (colours(await source.next()).get('#3366cc') ?? 0) / (width * height), { timeout: 20_000 }).toBeGreaterThan(0.7);
      });
    });
  }, 60_000);

  test('a title that matches nothing is refused, naming the windows there are', async () => {
    await withWindow(server().openXterm({ title: 'Worksheet', colour: '#00ff00', x: 10, y: 10 }), async () => {
      await expect(createSource('window:no such window')).rejects.toMatchObject({
        code: 'CC_CAPTURE_NO_WINDOW',
        message: 'no window has "no such window" in its title; the windows are "Worksheet"',
      });
      await expect(createSource('window:#12345')).rejects.toMatchObject({
        code: 'CC_CAPTURE_NO_WINDOW',
        message: 'no window has the id 12345; the windows are "Worksheet"',
      });
    });
  });
});
