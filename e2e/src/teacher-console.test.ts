/**
 * The teacher console in a real browser with real screen capture: Chromium runs on a private
 * Xvfb, headful, where an xterm shows a few lines of text; the console's Start asks
 * getDisplayMedia, which Chromium answers by itself (--auto-select-desktop-capture-source), and
 * the gateway broadcasts what the page uploads. A student page in another browser must show the
 * xterm exactly as the page captured it, and that is exactly what the X server shows. (Chromium
 * hands a page its screen as I420 video frames: black and white come through exact, as here; a
 * coloured screen is rounded by a few levels before any classcast code sees it.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createDesktopSource } from '@classcast/capture';
import { readAnnotationBoards } from '@classcast/kafka';
import { CHROMIUM_ARGS, CHROMIUM_PATH, collectPageErrors } from '../../test-support/browser-page.js';
import { waitFor } from '../../test-support/wait-for.js';
import { startXvfb, type Xvfb } from '../../test-support/xvfb.js';
import { openClassroom, type Classroom } from './classroom.js';
import { joinClass, openStudentPage, readScreen } from './student-page.js';

const SCREEN = { width: 1280, height: 720 };
/** The xterm's place on the screen: 60x15 characters of the default font at the top left. */
const XTERM_AT = { x: 0, y: 0 };
const LINES = ['classcast teacher console', 'the quick brown fox jumps over the lazy dog', '0123456789 !@#$%^&*()_+-=[]{}'];

let xvfb: Xvfb;
let xterm: ChildProcess;
let classroom: Classroom;
let teacherBrowser: Browser;
let xtermBox: { width: number; height: number };

beforeAll(async () => {
  xvfb = await startXvfb(SCREEN.width, SCREEN.height);
  await xvfb.setRootColour('#336699');
  const env = { ...process.env, DISPLAY: xvfb.display };
  xterm = spawn(
    'xterm',
    ['-geometry', `60x15+${XTERM_AT.x}+${XTERM_AT.y}`, '-bg', 'white', '-fg', 'black', '-hold', '-e', 'printf', `${LINES.join('\\n')}\\n`],
    {
      env,
      stdio: 'ignore',
    },
  );
  xtermBox = await waitFor(() => xtermGeometry(xvfb.display), 15_000, 'the xterm window');
  classroom = await openClassroom({ brokers: inject('kafkaBrokers') });
  // Headful on the Xvfb, off to the right of the xterm, picking the whole screen by itself.
  teacherBrowser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: false,
    env,
    args: [...CHROMIUM_ARGS, '--auto-select-desktop-capture-source=Entire screen', '--window-position=640,0', '--window-size=640,720'],
  });
}, 120_000);

afterAll(async () => {
  await teacherBrowser?.close();
  await classroom?.close();
  xterm?.kill();
  await xvfb?.stop();
});

/** The xterm's size in pixels, from xwininfo, once it is mapped. */
async function xtermGeometry(display: string): Promise<{ width: number; height: number } | undefined> {
  const { execFile } = await import('node:child_process');
  const tree = await new Promise<string>((resolve) =>
    execFile('xwininfo', ['-root', '-tree'], { env: { ...process.env, DISPLAY: display } }, (_, out) => resolve(out ?? '')),
  );
  const line = tree.split('\n').find((entry) => entry.includes('"xterm" "XTerm"'));
  const size = line && /\s(\d+)x(\d+)\+/.exec(line);
  return size ? { width: Number(size[1]), height: Number(size[2]) } : undefined;
}

/** The region of the xterm in an RGBA picture of the whole screen. */
function xtermRegion(picture: { width: number; data: Uint8Array }): Uint8Array {
  const rows: Uint8Array[] = [];
  for (let y = XTERM_AT.y; y < XTERM_AT.y + xtermBox.height; y += 1) {
    const start = (y * picture.width + XTERM_AT.x) * 4;
    rows.push(picture.data.subarray(start, start + xtermBox.width * 4));
  }
  return Buffer.concat(rows);
}

/** Each grabbed picture's pixels, as the page read them to upload (the grabber's getImageData), the newest kept. */
async function recordGrabs(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const read = OffscreenCanvasRenderingContext2D.prototype.getImageData;
    OffscreenCanvasRenderingContext2D.prototype.getImageData = function (...args: Parameters<typeof read>) {
      const image = read.apply(this, args);
      (window as unknown as { lastGrab: ImageData }).lastGrab = image;
      return image;
    };
  });
}

async function lastGrab(page: Page): Promise<{ width: number; data: Uint8Array }> {
  const grab = await page.evaluate(() => {
    const image = (window as unknown as { lastGrab?: ImageData }).lastGrab;
    if (!image) return undefined;
    let binary = '';
    for (let i = 0; i < image.data.length; i += 0x8000) binary += String.fromCharCode(...image.data.subarray(i, i + 0x8000));
    return { width: image.width, base64: btoa(binary) };
  });
  if (!grab) throw new Error('the teacher page has grabbed no picture yet');
  return { width: grab.width, data: new Uint8Array(Buffer.from(grab.base64, 'base64')) };
}

/** Colour channels (alpha left out) that differ, and by how much at most. */
function compareColours(a: Uint8Array, b: Uint8Array): { differing: number; largest: number } {
  let differing = 0;
  let largest = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    if (i % 4 === 3) continue;
    const difference = Math.abs(a[i]! - b[i]!);
    if (difference > 0) differing += 1;
    largest = Math.max(largest, difference);
  }
  return { differing, largest };
}

function describeDifference(a: Uint8Array, b: Uint8Array): string {
  if (a.length !== b.length) return `${a.length / 4} pixels against ${b.length / 4}`;
  const { differing, largest } = compareColours(a, b);
  return `${differing} of ${(a.length / 4) * 3} colour values differing, by at most ${largest}`;
}

test('a real xterm shared from the teacher console reaches a student as the page captured it', async () => {
  const classId = `console-${Date.now().toString(36)}`;
  // No viewport emulation: it would also shrink the screen Chromium captures to the viewport's width.
  const teacher = await teacherBrowser.newPage({ viewport: null });
  const errors = collectPageErrors(teacher);
  await recordGrabs(teacher);
  await teacher.goto(new URL('/teach', classroom.gateway.url).href);
  await teacher.getByLabel('Class').fill(classId);
  await teacher.getByRole('button', { name: 'Start' }).click();
  await waitFor(async () => (await teacher.locator('.cc-teacher-status').getAttribute('data-state')) === 'live', 30_000, 'the console to go live');

  const student = await openStudentPage(classroom.browser, classroom.gateway.url);
  await joinClass(student.page, classId, 'ada');

  // The xterm does not change, so any grab shows it as the page captured it.
  const captured = xtermRegion(await lastGrab(teacher));
  let seen = 'nothing';
  const shown = await waitFor(
    async () => {
      const screen = await readScreen(student.page);
      if (!screen) return undefined;
      const region = screen.width === SCREEN.width ? xtermRegion(screen) : new Uint8Array(0);
      seen = `${screen.width}x${screen.height}, ${describeDifference(region, captured)}`;
      return Buffer.compare(region, captured) === 0 && screen;
    },
    30_000,
    () => `the student's xterm, pixel for pixel as the teacher page captured it (the student shows ${seen})`,
  );
  expect(shown.height).toBe(SCREEN.height);

  // Against the X server's own pixels.
  process.env.DISPLAY = xvfb.display;
  const desktop = await createDesktopSource();
  const real = xtermRegion(await desktop.next());
  await desktop.close();
  const difference = compareColours(real, captured);
  console.log(`xterm ${xtermBox.width}x${xtermBox.height}: the page captured it with ${describeDifference(real, captured)} against the X server`);
  expect(difference).toEqual({ differing: 0, largest: 0 });

  // The pen over the console's preview: a drag is a stroke on the class's annotation topic.
  const surface = await teacher.locator('.cc-pen-surface').boundingBox();
  if (!surface) throw new Error('the console shows no pen over its preview');
  await teacher.mouse.move(surface.x + surface.width * 0.2, surface.y + surface.height * 0.5);
  await teacher.mouse.down();
  await teacher.mouse.move(surface.x + surface.width * 0.8, surface.y + surface.height * 0.5, { steps: 8 });
  await teacher.mouse.up();
  // A growing stroke is sent again as it grows: wait for the finished one.
  const stroke = await waitFor(
    async () => {
      const board = (await readAnnotationBoards({ brokers: inject('kafkaBrokers') }, classId)).boards.get('screen-0');
      const [drawn] = board?.strokes.values() ?? [];
      return drawn && drawn.points.at(-2)! > 0.75 && drawn;
    },
    20_000,
    "the console's whole stroke on the annotation topic",
  );
  expect(stroke.points[0]).toBeCloseTo(0.2, 1);
  expect(stroke.points.at(-2)).toBeCloseTo(0.8, 1);

  // The console's own figures: the gateway got the uploads, and the teacher page stayed clean.
  expect(classroom.gateway.teacherConsoles()).toEqual([expect.objectContaining({ classId, state: 'live' })]);
  await teacher.getByRole('button', { name: 'Stop' }).click();
  await waitFor(async () => (await teacher.locator('.cc-teacher-status').getAttribute('data-state')) === 'stopped', 20_000, 'the broadcast to stop');
  expect(errors).toEqual([]);
}, 120_000);
