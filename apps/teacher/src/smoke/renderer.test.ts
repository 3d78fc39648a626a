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
import type { LoginMethod } from '@classcast/protocol';
import type { BroadcastRequest, TeacherApi, TeacherStatus } from '../shared/ipc-channels.js';

const pages = useRendererPages('teacher');

/** What the stand-in main records, read back with page.evaluate. */
interface FakeMain {
  calls: string[];
  /** Each start and announcement's login, as main got it. */
  logins: Array<BroadcastRequest['credentials']>;
  /** Each frame's size, the middle of each colour bar (y 45), and its top left and bottom right pixels. */
  frames: Array<{ width: number; height: number; bars: number[][]; corners: number[][] }>;
  tracks: MediaStreamTrack[];
  report(status: TeacherStatus): void;
}
type TestWindow = Window & { fakeMain: FakeMain; fakeLoginMethod?: LoginMethod };
const fakeMain = (page: Page) =>
  page.evaluate(() => {
    const { calls, frames, tracks } = (window as unknown as TestWindow).fakeMain;
    return { calls, frames, trackStates: tracks.map((track) => track.readyState) };
  });

/** `login`: what main says of logins (CLASSCAST_LOGIN); open by default. */
function openTeacherPage(login?: LoginMethod): Promise<{ page: Page; errors: string[] }> {
  return pages.open(
    () => {
      const WIDTH = 160;
      const HEIGHT = 90;
      let listener: (status: TeacherStatus) => void = () => undefined;
      const fake: FakeMain = { calls: [], logins: [], frames: [], tracks: [], report: (status) => listener(status) };
      (window as unknown as TestWindow).fakeMain = fake;
      const zero = { sentFrames: 0, fps: 0, bytes: 0 };
      const api: TeacherApi = {
        loginMethod: async () => (window as unknown as TestWindow).fakeLoginMethod ?? { method: 'open' },
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
          fake.logins.push(request.credentials);
          // The broker's answers, as main passes them on (apps/teacher/src/main/teacher-login.test.ts gets them from a real one).
          if (request.credentials?.kind === 'password' && request.credentials.password === 'wrong-password-1') {
            return { ok: false, code: 'CC_AUTH_FAILED', message: 'Kafka at 127.0.0.1:9092 refused the credentials: check the user name and password' };
          }
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
          const corners = [0, frame.width * frame.height - 1].map((i) => [...pixels.slice(i * 4, i * 4 + 4)]);
          fake.frames.push({ width: frame.width, height: frame.height, bars, corners });
          return true;
        },
        async announce(classId, text, credentials) {
          fake.calls.push(`announce ${classId} ${text}`);
          fake.logins.push(credentials);
          return { ok: true };
        },
        async annotate(classId, annotation, credentials) {
          fake.calls.push(`annotate ${classId} ${JSON.stringify(annotation)}`);
          fake.logins.push(credentials);
          return { ok: true };
        },
        async eyesOnMe(classId, credentials) {
          fake.calls.push(`eyes-on-me ${classId}`);
          fake.logins.push(credentials);
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
    login ? (page) => page.addInitScript((method) => void ((window as unknown as TestWindow).fakeLoginMethod = method), login) : undefined,
  );
}

test('choose a window, start: the RGBA frames main would get show the shared screen; pause, fps and stop reach main', async () => {
  const { page, errors } = await openTeacherPage();
  const start = page.getByRole('button', { name: 'Start' });
  await page.getByText('Slides').waitFor();
  // Main said "open": no login step, and main gets no login.
  await expect(page.getByRole('form', { name: 'Log in' }).count()).resolves.toBe(0);
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
  expect(await page.evaluate(() => (window as unknown as TestWindow).fakeMain.logins)).toEqual([undefined]);
  expect(after.trackStates).toEqual(['ended']);
  expect(errors).toEqual([]);
  await page.close();
});

test("while broadcasting, Students' screens lists the offers and the holder; Accept and Take the screen back reach main", async () => {
  const { page, errors } = await openTeacherPage();
  // Main's side of the share, as apps/teacher/src/main/share-handlers.test.ts gets it from a real broker.
  await page.evaluate(() => {
    const w = window as unknown as TestWindow & { classcast: TeacherApi };
    const share: { offers: string[]; holder?: string } = { offers: ['ada', 'bob'] };
    w.classcast.shareState = async () => ({ ok: true, offers: share.offers, ...(share.holder === undefined ? {} : { holder: share.holder }) });
    w.classcast.decideShare = async (classId, student, decision) => {
      w.fakeMain.calls.push(`${decision} ${classId} ${student}`);
      share.offers = share.offers.filter((offer) => offer !== student);
      if (decision === 'accept') share.holder = student;
      else if (share.holder === student) delete share.holder;
      return { ok: true };
    };
  });
  const section = page.getByRole('region', { name: "Students' screens" });
  await page.getByLabel('Class').fill('physics');
  await page.getByText('Slides').click();
  await expect(section.count()).resolves.toBe(0); // only while broadcasting
  await page.getByRole('button', { name: 'Start' }).click();
  await section.locator('li[data-student="bob"]').waitFor();
  await expect(section.locator('.cc-students-screens-line').textContent()).resolves.toBe('your screen is on the class · 2 students offer a screen');

  await section.locator('li[data-student="ada"]').getByRole('button', { name: 'Accept' }).click();
  await section.getByText('ada (on the class)').waitFor();
  await expect(section.locator('.cc-students-screens-line').textContent()).resolves.toBe("ada's screen is on the class · 1 student offers a screen");
  await page.screenshot({ path: join(pages.artifacts, 'panel-students-screens.png') });
  await section.getByRole('button', { name: 'Take the screen back' }).click();
  await section.getByText("took back ada's screen").waitFor();
  await expect(section.locator('li').count()).resolves.toBe(1);
  await section.locator('li[data-student="bob"]').getByRole('button', { name: 'Decline' }).click();
  await section.getByText('no student offers a screen', { exact: false }).waitFor();
  expect((await fakeMain(page)).calls.filter((call) => !call.startsWith('choose') && !call.startsWith('start'))).toEqual([
    'accept physics ada',
    'take-back physics ada',
    'decline physics bob',
  ]);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(section.count()).resolves.toBe(0);
  expect(errors).toEqual([]);
  await page.close();
});

test('a region of a screen: only that rectangle reaches main; one that does not fit is refused and lets go of the screen', async () => {
  const { page, errors } = await openTeacherPage();
  await page.getByLabel('Class').fill('physics');
  // Offered for a screen only: a window is shared whole.
  await page.getByText('Slides').click();
  await expect(page.getByLabel('Only a region of the screen').count()).resolves.toBe(0);
  await page.getByText('Entire screen').click();
  await page.getByLabel('Only a region of the screen').check();
  // The bars are 40 px wide: red 0-39, green 40-79, blue 80-119. This rectangle starts in the red
  // and ends in the blue.
  for (const [label, value] of [
    ['Left', '30'],
    ['Top', '10'],
    ['Width', '60'],
    ['Height', '40'],
  ] as const)
    await page.getByLabel(label).fill(value);
  await page.screenshot({ path: join(pages.artifacts, 'panel-region.png') });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(() => (window as unknown as TestWindow).fakeMain.frames.length >= 2);
  await page.getByRole('button', { name: 'Stop' }).click();
  const { calls, frames } = await fakeMain(page);
  expect(calls.slice(0, 2)).toEqual(['choose screen:0:0', 'start physics 10 75']);
  for (const { width, height, corners } of frames) {
    expect([width, height]).toEqual([60, 40]);
    const [topLeft, bottomRight] = corners;
    [224, 16, 16].forEach((value, channel) => expect(Math.abs(topLeft![channel]! - value)).toBeLessThan(24));
    [16, 16, 224].forEach((value, channel) => expect(Math.abs(bottomRight![channel]! - value)).toBeLessThan(24));
  }

  await page.getByLabel('Width').fill('200');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toBe('the region 30,10,200,40 does not fit on the shared screen (160x90)');
  expect((await fakeMain(page)).trackStates).toEqual(['ended', 'ended']);
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

test('"Eyes on me" in the panel goes to main for the class, once a class is given', async () => {
  const { page, errors } = await openTeacherPage();
  const eyes = page.getByRole('button', { name: 'Eyes on me' });
  expect(await eyes.isDisabled()).toBe(true); // no class id yet
  await page.getByLabel('Class').fill('physics');
  await eyes.click();
  await expect(page.getByText('Asked everyone to look: students are back to live').getAttribute('role')).resolves.toBe('status');
  expect((await fakeMain(page)).calls).toEqual(['eyes-on-me physics']);
  expect(errors).toEqual([]);
  await page.close();
});

test('with logins the teacher logs in first; a wrong password is one line in the panel and shows nowhere; start and announcements carry the login', async () => {
  const wrong = 'wrong-password-1';
  const right = 'turing-secret-9';
  const { page, errors } = await openTeacherPage({ method: 'password' });
  const loginForm = page.getByRole('form', { name: 'Log in' });
  await loginForm.waitFor();
  await expect(page.getByLabel('Class').count()).resolves.toBe(0);
  await expect(page.getByLabel('Password').getAttribute('type')).resolves.toBe('password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toBe('enter your user name');
  await page.getByLabel('User name').fill('turing');
  await page.getByLabel('Password').fill(wrong);
  await page.screenshot({ path: join(pages.artifacts, 'login.png') });
  await page.getByRole('button', { name: 'Log in' }).click();

  await page.getByText('Logged in as turing').waitFor();
  await page.getByLabel('Class').fill('physics');
  await page.getByText('Slides').click();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toBe('Kafka at 127.0.0.1:9092 refused the credentials: check the user name and password');
  expect(await page.content()).not.toContain(wrong);
  await page.screenshot({ path: join(pages.artifacts, 'panel-login-refused.png') });

  // Log out, in again with the right password: the form starts empty.
  await page.getByRole('button', { name: 'Log out' }).click();
  await loginForm.waitFor();
  await expect(page.getByLabel('Password').inputValue()).resolves.toBe('');
  await page.getByLabel('User name').fill('turing');
  await page.getByLabel('Password').fill(right);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Class').fill('physics');
  await page.getByText('Slides').click();
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(() => (window as unknown as TestWindow).fakeMain.frames.length >= 1);
  // A running broadcast keeps its login: no logging out until it has stopped.
  expect(await page.getByRole('button', { name: 'Log out' }).isDisabled()).toBe(true);
  await page.getByLabel('Announcement').fill('Quiz in 5 minutes');
  await page.getByRole('button', { name: 'Announce' }).click();
  await page.getByText('Announced: Quiz in 5 minutes').waitFor();
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.waitForFunction(() => (window as unknown as TestWindow).fakeMain.calls.includes('stop'));
  const turing = (password: string) => ({ kind: 'password', username: 'turing', password });
  await expect(page.evaluate(() => (window as unknown as TestWindow).fakeMain.logins)).resolves.toEqual([turing(wrong), turing(right), turing(right)]);
  expect(await page.content()).not.toContain(right);
  expect(errors).toEqual([]);
  await page.close();
});

test('while broadcasting, the shared screen shows under the pen: a drag over it is a stroke for the class, erase and clear follow', async () => {
  const { page, errors } = await openTeacherPage();
  await page.getByLabel('Class').fill('physics');
  await page.getByText('Slides').click();
  await page.getByRole('button', { name: 'Start' }).click();
  const preview = page.getByLabel('What you share');
  await preview.waitFor();
  await page.waitForFunction(() => (document.querySelector('video.cc-preview') as HTMLVideoElement | null)?.videoWidth === 160);
  await page.locator('.cc-pen-surface').scrollIntoViewIfNeeded();
  const box = (await page.locator('.cc-pen-surface').boundingBox())!;
  // The preview fills the pen's box at the shared screen's shape (160x90).
  expect(box.height / box.width).toBeCloseTo(90 / 160, 1);
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.5, { steps: 8 });
  await page.mouse.up();
  await page.getByRole('button', { name: 'Erase last' }).click();
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.waitForFunction(() => (window as unknown as TestWindow).fakeMain.calls.some((call) => call.includes('"clear"')));
  const marks = (await fakeMain(page)).calls
    .filter((call) => call.startsWith('annotate physics '))
    .map((call) => JSON.parse(call.slice(17)) as Record<string, unknown>);
  const strokes = marks.filter((mark) => mark.type === 'stroke');
  expect(strokes.length).toBeGreaterThanOrEqual(2);
  const last = strokes.at(-1) as { id: string; points: number[] };
  expect(last.points[0]).toBeCloseTo(0.25, 1);
  expect(last.points.at(-2)).toBeCloseTo(0.75, 1);
  expect(last.points.at(-1)).toBeCloseTo(0.5, 1);
  expect(marks.slice(-2)).toEqual([{ type: 'erase', id: last.id }, { type: 'clear' }]);
  await page.screenshot({ path: join(pages.artifacts, 'panel-pen.png') });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(preview.count()).resolves.toBe(0);
  expect(errors).toEqual([]);
  await page.close();
});
