/**
 * The teacher renderer as it ships (bundled by scripts/build-electron-app.mjs, loaded with its
 * CSP) in Debian's Chromium. A stand-in for the preload plays main's side of window.classcast, and
 * getDisplayMedia returns a canvas stream of known colour bars, so the real page code — panel,
 * capture, OffscreenCanvas read-back — runs in a real browser and the RGBA that would reach main
 * is checked pixel by pixel.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { useRendererPages } from '../../../../test-support/renderer-pages.js';
import type { TeacherApi, TeacherStatus } from '../shared/ipc-channels.js';

const pages = useRendererPages('teacher');

/** What the stand-in main records, read back with page.evaluate. */
interface FakeMain {
  calls: string[];
  frames: Array<{ width: number; height: number; bars: number[][] }>;
  tracks: MediaStreamTrack[];
  report(status: TeacherStatus): void;
}
type TestWindow = Window & { fakeMain: FakeMain };
const fakeMain = (page: Page) =>
  page.evaluate(() => {
    const { calls, frames, tracks } = (window as unknown as TestWindow).fakeMain;
    return { calls, frames, trackStates: tracks.map((track) => track.readyState) };
  });

function openTeacherPage(): Promise<{ page: Page; errors: string[] }> {
  return pages.open(
    () => {
      const WIDTH = 160;
      const HEIGHT = 90;
      let listener: (status: TeacherStatus) => void = () => undefined;
      const fake: FakeMain = { calls: [], frames: [], tracks: [], report: (status) => listener(status) };
      (window as unknown as TestWindow).fakeMain = fake;
      const zero = { sentFrames: 0, fps: 0, bytes: 0 };
      const api: TeacherApi = {
        listSources: async () => [
          {
            id: 'screen:0:0',
            name: 'Entire screen',
            kind: 'screen',
            thumbnailUrl: 'data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==',
          },
          { id: 'window:7:0', name: 'Slides', kind: 'window' },
        ],
        chooseSource: async (sourceId) => void fake.calls.push(`choose ${sourceId}`),
        async start(request) {
          fake.calls.push(`start ${request.classId} ${request.fps} ${request.quality}`);
          listener({ state: 'live', stats: zero });
          return { ok: true };
        },
        pause: async () => void (fake.calls.push('pause'), listener({ state: 'paused', stats: zero })),
        resume: async () => void (fake.calls.push('resume'), listener({ state: 'live', stats: zero })),
        stop: async () => void (fake.calls.push('stop'), listener({ state: 'stopped', stats: zero })),
        update: async (settings) => void fake.calls.push(`update ${JSON.stringify(settings)}`),
        async sendFrame(frame) {
          // What main would get: sample the middle of each bar.
          const pixels = new Uint8Array(frame.pixels);
          const bars = [20, 60, 100, 140].map((x) => [...pixels.slice((45 * frame.width + x) * 4, (45 * frame.width + x) * 4 + 4)]);
          fake.frames.push({ width: frame.width, height: frame.height, bars });
          return true;
        },
        async announce(classId, text) {
          fake.calls.push(`announce ${classId} ${text}`);
          return { ok: true };
        },
        onStatus(next) {
          listener = next;
          return () => void (listener = () => undefined);
        },
      };
      (window as unknown as { classcast: TeacherApi }).classcast = api;
      // The "screen": four colour bars on a canvas, repainted so the stream keeps producing frames.
      navigator.mediaDevices.getDisplayMedia = async () => {
        const canvas = document.createElement('canvas');
        canvas.width = WIDTH;
        canvas.height = HEIGHT;
        const context = canvas.getContext('2d')!;
        const paint = () =>
          ['#e01010', '#10c010', '#1010e0', '#f0f0f0'].forEach((colour, bar) => {
            context.fillStyle = colour;
            context.fillRect(bar * 40, 0, 40, HEIGHT);
          });
        paint();
        setInterval(paint, 30);
        const stream = canvas.captureStream(30);
        fake.tracks.push(...stream.getTracks());
        return stream;
      };
    },
    { width: 520, height: 820 },
  );
}

test('choose a window, start: the RGBA frames main would get show the shared screen; pause, fps and stop reach main', async () => {
  const { page, errors } = await openTeacherPage();
  const start = page.getByRole('button', { name: 'Start' });
  await page.getByText('Slides').waitFor();
  expect(await start.isDisabled()).toBe(true); // no class id yet
  await page.getByLabel('Class').fill('physics');
  await page.getByText('Slides').click();
  expect(await start.isEnabled()).toBe(true);
  await page.screenshot({ path: join(pages.artifacts, 'panel-idle.png') });

  await start.click();
  await page.waitForFunction(() => (window as unknown as TestWindow).fakeMain.frames.length >= 2);
  const { calls, frames } = await fakeMain(page);
  expect(calls.slice(0, 2)).toEqual(['choose window:7:0', 'start physics 10 75']);
  const expected = [
    [224, 16, 16],
    [16, 192, 16],
    [16, 16, 224],
    [240, 240, 240],
  ];
  for (const frame of frames) {
    expect([frame.width, frame.height]).toEqual([160, 90]);
    frame.bars.forEach((pixel, bar) => expected[bar]!.forEach((value, channel) => expect(Math.abs(pixel[channel]! - value)).toBeLessThan(24)));
    expect(frame.bars.every((pixel) => pixel[3] === 255)).toBe(true);
  }

  await page.evaluate(() =>
    (window as unknown as TestWindow).fakeMain.report({ state: 'live', stats: { sentFrames: 12, fps: 9.5, bytes: 48_000, watching: 3 } }),
  );
  await expect(page.getByRole('status').textContent()).resolves.toBe('live · 12 frames · 9.5 fps · 48 kB sent · 3 students watching');
  await page.screenshot({ path: join(pages.artifacts, 'panel-live.png') });

  await page.getByLabel('Frames per second').selectOption('5');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Resume' }).waitFor();
  const pausedAt = (await fakeMain(page)).frames.length;
  await page.waitForTimeout(500);
  expect((await fakeMain(page)).frames.length).toBe(pausedAt);

  await page.getByRole('button', { name: 'Resume' }).click();
  await page.waitForFunction((count) => (window as unknown as TestWindow).fakeMain.frames.length > count, pausedAt);
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.waitForFunction(() => (window as unknown as TestWindow).fakeMain.calls.includes('stop'));
  const after = await fakeMain(page);
  expect(after.calls.slice(2)).toEqual(['update {"fps":5}', 'pause', 'resume', 'stop']);
  expect(after.trackStates).toEqual(['ended']);
  expect(errors).toEqual([]);
  await page.close();
});

test('a refused start shows the reason and lets go of the screen', async () => {
  const { page } = await openTeacherPage();
  await page.evaluate(() => {
    const api = (window as unknown as { classcast: TeacherApi }).classcast;
    api.start = async () => ({ ok: false, code: 'CC_BROKER_UNREACHABLE', message: 'Kafka at 127.0.0.1:9092 is not reachable' });
  });
  await page.getByLabel('Class').fill('physics');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toBe('Kafka at 127.0.0.1:9092 is not reachable');
  expect((await fakeMain(page)).trackStates).toEqual(['ended']);
  expect(await page.getByRole('button', { name: 'Start' }).isEnabled()).toBe(true);
  await page.close();
});

test('an announcement typed in the panel goes to main for the class; text no student could read is held back', async () => {
  const { page, errors } = await openTeacherPage();
  const announce = page.getByRole('button', { name: 'Announce' });
  await page.getByLabel('Announcement').fill('Quiz in 5 minutes');
  expect(await announce.isDisabled()).toBe(true); // no class id yet
  await page.getByLabel('Class').fill('physics');
  await announce.click();
  await expect(page.getByText('Announced: Quiz in 5 minutes').getAttribute('role')).resolves.toBe('status');
  expect((await fakeMain(page)).calls).toEqual(['announce physics Quiz in 5 minutes']);
  expect(await page.getByLabel('Announcement').inputValue()).toBe('');
  await page.getByLabel('Announcement').fill('   ');
  expect(await announce.isDisabled()).toBe(true);
  await page.screenshot({ path: join(pages.artifacts, 'panel-announced.png') });
  expect(errors).toEqual([]);
  await page.close();
});
