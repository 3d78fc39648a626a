/**
 * The student renderer as it ships (bundled by scripts/build-electron-app.mjs, loaded with its CSP)
 * in Debian's Chromium. A stand-in for the preload puts `window.classcast` on the page and plays
 * main's side of the feed port, so the real page code — join screen, port feed, viewer — runs
 * in a real browser; pixels on the canvas prove a frame got through.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { createEncoder } from '@classcast/codec';
import { encodeGatewayFrame, type GatewayControl } from '@classcast/protocol';
import { useRendererPages } from '../../../../test-support/renderer-pages.js';
import type { FeedMessage, FeedPortHandOff, JoinRequest, JoinResult, ShareScreenUpdate, StudentApi } from '../shared/ipc-channels.js';

const pages = useRendererPages('student');

/** What the stand-in preload records, read back with page.evaluate. */
interface FakeMain {
  joins: JoinRequest[];
  acks: number;
  left: number;
  controls: GatewayControl[];
  port?: MessagePort;
  /** "Share my screen": each start's request and each stop, and main's update sender. */
  shares: string[];
  shareUpdate?: (update: ShareScreenUpdate) => void;
}
type TestWindow = Window & { fakeMain: FakeMain };

function openStudentPage(): Promise<{ page: Page; errors: string[] }> {
  // Runs before the page's own script, as a preload would; it stands in for preload and main.
  return pages.open(
    () => {
      const fakeMain: FakeMain = { joins: [], acks: 0, left: 0, controls: [], shares: [] };
      (window as unknown as TestWindow).fakeMain = fakeMain;
      const api: StudentApi = {
        loginMethod: async () => ({ method: 'open' }),
        async join(request): Promise<JoinResult> {
          fakeMain.joins.push(request);
          if (request.student === 'mallory') return { ok: false, code: 'CC_NOT_AUTHORIZED', message: 'mallory may not join physics' };
          const channel = new MessageChannel();
          fakeMain.port = channel.port1;
          channel.port1.onmessage = (event: MessageEvent<{ type: string }>) => {
            if (event.data.type === 'ack') fakeMain.acks += 1;
          };
          // A stale port of an earlier join first: the page must wait for its own feedId.
          const stale = new MessageChannel();
          window.postMessage({ type: 'classcast:feed-port', feedId: 99 } satisfies FeedPortHandOff, '*', [stale.port2]);
          window.postMessage({ type: 'classcast:feed-port', feedId: fakeMain.joins.length } satisfies FeedPortHandOff, '*', [channel.port2]);
          return { ok: true, feedId: fakeMain.joins.length };
        },
        async leave() {
          fakeMain.left += 1;
        },
        async control(message) {
          fakeMain.controls.push(message);
        },
        shareScreen: {
          async start(request) {
            fakeMain.shares.push(`start ${request.classId} ${request.student}`);
            fakeMain.shareUpdate?.({ state: 'offered' });
          },
          async stop() {
            fakeMain.shares.push('stop');
          },
          onUpdate(listener) {
            fakeMain.shareUpdate = listener;
            return () => void (fakeMain.shareUpdate = undefined);
          },
        },
      };
      (window as unknown as { classcast: StudentApi }).classcast = api;
    },
    { width: 800, height: 600 },
  );
}

/** Joins through the join screen and waits for the feed port. */
async function joinPhysicsAsAda(page: Page): Promise<void> {
  await page.getByLabel('Class').fill('physics');
  await page.getByLabel('Your name').fill('ada');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForFunction(() => (window as unknown as TestWindow).fakeMain.port !== undefined);
}

/** Posts a message from "main" on the feed port, as MessagePortMain would (structured clone). */
function postFromMain(page: Page, message: FeedMessage | { type: 'frame'; bytes: number[]; catchingUp: boolean }) {
  return page.evaluate((sent) => {
    const port = (window as unknown as TestWindow).fakeMain.port;
    if (!port) throw new Error('no feed port: did the page join?');
    const bytes = 'bytes' in sent && Array.isArray(sent.bytes) ? new Uint8Array(sent.bytes).buffer : undefined;
    port.postMessage(bytes ? { ...sent, bytes } : sent);
  }, message);
}

/** Four bars, red green blue white, as a 64x32 JPEG in a gateway frame. */
async function colourBarsFrame(): Promise<number[]> {
  const width = 64;
  const height = 32;
  const bars = [
    [230, 20, 20],
    [20, 200, 20],
    [20, 20, 230],
    [250, 250, 250],
  ] as const;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i += 1) data.set([...bars[Math.floor((i % width) / 16)]!, 255], i * 4);
  const picture = await createEncoder({ quality: 95 }).encode({ data, width, height, pixelFormat: 'rgba', capturedAt: Date.now() });
  const now = Date.now();
  const frame = {
    streamId: 'screen-0',
    kind: 'key',
    codec: 'jpeg',
    width,
    height,
    sequence: 0,
    captureTime: now,
    keySequence: 0,
    keyCaptureTime: now,
    payload: picture.bytes,
    partition: 0,
    offset: '0',
  } as const;
  return [...encodeGatewayFrame(frame)];
}

test('join screen, then a frame from the feed port is painted on the canvas and acked', async () => {
  const { page, errors } = await openStudentPage();
  await expect(page.getByRole('heading', { name: 'Join a class' }).isVisible()).resolves.toBe(true);
  // Main said "open": no password is asked (login.test.ts has the other case).
  await expect(page.getByLabel('Password').count()).resolves.toBe(0);
  await page.getByLabel('Class').fill('physics');
  await page.getByLabel('Your name').fill('ada');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForFunction(() => (window as unknown as TestWindow).fakeMain.port !== undefined);
  expect(await page.evaluate(() => (window as unknown as TestWindow).fakeMain.joins)).toEqual([{ classId: 'physics', student: 'ada' }]);

  await postFromMain(page, { type: 'status', status: 'live' });
  await postFromMain(page, { type: 'frame', bytes: await colourBarsFrame(), catchingUp: false });
  await page.waitForFunction(() => (document.querySelector('canvas.cc-screen') as HTMLCanvasElement | null)?.width === 64);
  const pixels = await page.evaluate(() => {
    const canvas = document.querySelector('canvas.cc-screen') as HTMLCanvasElement;
    const context = canvas.getContext('2d')!;
    return [8, 24, 40, 56].map((x) => [...context.getImageData(x, 16, 1, 1).data.slice(0, 3)]);
  });
  const expected = [
    [230, 20, 20],
    [20, 200, 20],
    [20, 20, 230],
    [250, 250, 250],
  ];
  pixels.forEach((pixel, bar) => pixel.forEach((value, channel) => expect(Math.abs(value - expected[bar]![channel]!)).toBeLessThan(30)));
  await page.screenshot({ path: join(pages.artifacts, 'viewer-live.png') });
  expect(await page.evaluate(() => (window as unknown as TestWindow).fakeMain.acks)).toBe(1);
  await expect(page.locator('.cc-badge').getAttribute('data-status')).resolves.toBe('live');

  await postFromMain(page, { type: 'status', status: 'ended' });
  await page.waitForFunction(() => document.querySelector('.cc-badge')?.getAttribute('data-status') === 'ended');
  await page.getByRole('button', { name: 'Leave' }).click();
  await page.getByRole('heading', { name: 'Join a class' }).waitFor();
  expect(await page.evaluate(() => (window as unknown as TestWindow).fakeMain.left)).toBe(1);
  expect(errors).toEqual([]);
  await page.close();
});

test('a frame that fails validation is skipped and counted, still acked, and the page lives on', async () => {
  const { page, errors } = await openStudentPage();
  await joinPhysicsAsAda(page);
  await postFromMain(page, { type: 'frame', bytes: [0, 0, 0, 2, 123, 125], catchingUp: false });
  await page.waitForFunction(() => document.querySelector('.cc-figures')?.textContent?.includes('1 skipped'));
  expect(await page.evaluate(() => (window as unknown as TestWindow).fakeMain.acks)).toBe(1);
  expect(errors).toEqual([]);
  await page.close();
});

test('a refused join returns to the join screen with the reason', async () => {
  const { page } = await openStudentPage();
  await page.getByLabel('Class').fill('physics');
  await page.getByLabel('Your name').fill('mallory');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toBe('mallory may not join physics');
  await page.close();
});

test('the timeline appears once main reports one, and its buttons reach main through window.classcast.control', async () => {
  const { page, errors } = await openStudentPage();
  await joinPhysicsAsAda(page);
  const start = Date.now() - 65_000;
  await postFromMain(page, { type: 'status', status: 'live' });
  await postFromMain(page, { type: 'timeline', start, end: start + 65_000, position: start + 65_000, mode: 'live', speed: 1 });
  await page.getByLabel('Jump to').fill('0:30');
  await page.getByRole('button', { name: 'Go' }).click();
  await page.getByRole('button', { name: '2×' }).click();
  await postFromMain(page, { type: 'timeline', start, end: start + 65_000, position: start + 31_000, mode: 'replay', speed: 2 });
  await expect.poll(() => page.locator('.cc-badge').getAttribute('data-status')).toBe('replay');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as TestWindow).fakeMain.controls))
    .toEqual([{ type: 'seek', time: start + 30_000 }, { type: 'speed', speed: 2 }, { type: 'speed', speed: 0 }, { type: 'live' }]);
  expect(errors).toEqual([]);
  await page.close();
});

test('"eyes on me" from main: the desktop viewer says why, and asks nothing (main puts the window in full screen)', async () => {
  const { page, errors } = await openStudentPage();
  await joinPhysicsAsAda(page);
  await postFromMain(page, { type: 'status', status: 'live' });
  await postFromMain(page, { type: 'frame', bytes: await colourBarsFrame(), catchingUp: false });
  await postFromMain(page, { type: 'eyes-on-me', time: Date.now(), text: 'Your teacher asked everyone to look at the screen' });
  await page.locator('.cc-eyes-on-me-text').waitFor();
  await expect(page.locator('.cc-eyes-on-me-text').innerText()).resolves.toBe('Your teacher asked everyone to look at the screen');
  expect(await page.getByRole('button', { name: 'Go full screen' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  expect(await page.locator('.cc-eyes-on-me').count()).toBe(0);
  expect(errors).toEqual([]);
  await page.close();
});

test("the class's announcements from the feed port show as banners over the viewer, newest on top, dismissable", async () => {
  const { page, errors } = await openStudentPage();
  await joinPhysicsAsAda(page);
  await postFromMain(page, { type: 'status', status: 'live' });
  await postFromMain(page, { type: 'frame', bytes: await colourBarsFrame(), catchingUp: false });
  await postFromMain(page, { type: 'announcement', text: 'Open page 42', time: Date.now() - 1000 });
  await postFromMain(page, { type: 'announcement', text: 'Quiz in 5 minutes', time: Date.now() });
  const banners = page.getByRole('status', { name: 'Announcements' });
  await banners.getByText('Quiz in 5 minutes').waitFor();
  await expect(page.locator('.cc-announcement-text').allInnerTexts()).resolves.toEqual(['Quiz in 5 minutes', 'Open page 42']);
  await page.screenshot({ path: join(pages.artifacts, 'viewer-announcements.png') });
  await page.getByRole('button', { name: 'Dismiss announcement: Open page 42' }).click();
  await expect(page.locator('.cc-announcement-text').allInnerTexts()).resolves.toEqual(['Quiz in 5 minutes']);
  expect(errors).toEqual([]);
  await page.close();
});

test("the teacher's marks from the feed port are drawn over the picture: the board, then a new mark, an erase", async () => {
  const { page, errors } = await openStudentPage();
  await joinPhysicsAsAda(page);
  await postFromMain(page, { type: 'status', status: 'live' });
  await postFromMain(page, { type: 'frame', bytes: await colourBarsFrame(), catchingUp: false });
  const stroke = (id: string, y: number) => ({ type: 'stroke' as const, id, tool: 'pen' as const, color: '#000000', width: 0.05, points: [0.1, y, 0.9, y] });
  await postFromMain(page, { type: 'board', stream: 'screen-0', strokes: [stroke('a', 0.3)], pointer: { x: 0.5, y: 0.5 } });
  await postFromMain(page, { type: 'annotation', stream: 'screen-0', annotation: stroke('b', 0.7) });
  const drawn = () => page.locator('.cc-annotations path').evaluateAll((paths) => paths.map((path) => path.getAttribute('data-stroke')));
  await expect.poll(drawn).toEqual(['a', 'b']);
  await expect(page.locator('.cc-annotations .cc-pointer').count()).resolves.toBe(1);
  // The overlay lies over the picture (64x32, fitted into the window): the same box, at the same place.
  const [overlay, canvas] = await Promise.all([page.locator('.cc-annotations').boundingBox(), page.locator('canvas.cc-screen').boundingBox()]);
  expect(overlay!.width / overlay!.height).toBeCloseTo(2, 1);
  expect(overlay!.x).toBeGreaterThanOrEqual(canvas!.x - 1);
  expect(overlay!.x + overlay!.width).toBeLessThanOrEqual(canvas!.x + canvas!.width + 1);
  await page.screenshot({ path: join(pages.artifacts, 'viewer-marks.png') });
  await postFromMain(page, { type: 'annotation', stream: 'screen-0', annotation: { type: 'erase', id: 'a' } });
  await expect.poll(drawn).toEqual(['b']);
  expect(errors).toEqual([]);
  await page.close();
});

test('"Share my screen" offers as the joined student; the line follows main\'s updates, and Stop reaches main', async () => {
  const { page, errors } = await openStudentPage();
  await joinPhysicsAsAda(page);
  const update = (next: ShareScreenUpdate) => page.evaluate((sent) => (window as unknown as TestWindow).fakeMain.shareUpdate?.(sent), next);
  await page.getByRole('button', { name: 'Share my screen' }).click();
  await page.getByText('waiting for the teacher to accept your screen').waitFor();
  await update({ state: 'sharing' });
  await page.getByText('your screen is on the class').waitFor();
  await page.screenshot({ path: join(pages.artifacts, 'student-sharing.png') });
  await page.getByRole('button', { name: 'Stop sharing' }).click();
  await update({ state: 'stopped' });
  await page.getByText('you stopped sharing your screen').waitFor();
  await update({ state: 'declined' });
  await page.getByText('the teacher declined your screen').waitFor();
  await update({ state: 'taken-back' });
  await page.getByText('the teacher took the screen back').waitFor();
  await update({ state: 'failed', message: 'you may not do that' });
  await expect(page.getByRole('alert').textContent()).resolves.toBe('your screen could not be shared: you may not do that');
  expect(await page.evaluate(() => (window as unknown as TestWindow).fakeMain.shares)).toEqual(['start physics ada', 'stop']);
  expect(errors).toEqual([]);
  await page.close();
});
