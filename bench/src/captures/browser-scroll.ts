/**
 * The `browser-scroll` scene: Debian's Chromium full screen (--kiosk) on a long local document,
 * scrolled first by mouse-wheel steps (xdotool click 5: a jump a step), then by holding the
 * keyboard's Down arrow and by single Page Down presses, which Chromium scrolls smoothly (a few
 * pixels a frame, with deceleration), then back up by wheel.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeLongPage } from './long-page.js';
import { waitForWindow, xdotool, type Scene } from './record.js';
import { start, sleep } from './spawned.js';

export const CHROMIUM = process.env.CLASSCAST_CHROMIUM ?? '/usr/bin/chromium';

export const browserScrollScene: Scene = {
  async open(display, workDir) {
    const page = await writeLongPage(workDir);
    const profile = await mkdtemp(path.join(os.tmpdir(), 'classcast-capture-profile-'));
    const chromium = start(
      CHROMIUM,
      [
        ...['--no-sandbox', '--disable-gpu', '--force-device-scale-factor=1', '--window-size=1920,1080', '--window-position=0,0'],
        ...['--kiosk', '--no-first-run', '--disable-infobars', '--enable-smooth-scrolling', `--user-data-dir=${profile}`, `file://${page}`],
      ],
      { env: { ...process.env, DISPLAY: display } },
    );
    void chromium.exited.then(() => rm(profile, { recursive: true, force: true }));
    await waitForWindow(display, 'chromium', 30_000);
    await sleep(4000); // first paint of the page and its pictures
    await xdotool(display, ['mousemove', '1000', '600']);
    return [chromium];
  },
  async drive(display, seconds) {
    const deadline = Date.now() + seconds * 1000;
    const until = async (share: number, step: () => Promise<void>) => {
      const end = Date.now() + share * seconds * 1000;
      while (Date.now() < Math.min(end, deadline)) await step();
    };
    // Wheel steps down, a reader's pace.
    await until(0.3, () => xdotool(display, ['click', '--repeat', '3', '--delay', '80', '5']).then(() => sleep(700)));
    // Smooth: Down held (auto-repeat) for a while, then a pause to read.
    await until(0.3, () =>
      xdotool(display, ['keydown', 'Down'])
        .then(() => sleep(1500))
        .then(() => xdotool(display, ['keyup', 'Down']))
        .then(() => sleep(800)),
    );
    // Page Down: a long smooth scroll with deceleration.
    await until(0.2, () => xdotool(display, ['key', 'Next']).then(() => sleep(1500)));
    // Back up by wheel, faster.
    await until(0.2, () => xdotool(display, ['click', '--repeat', '5', '--delay', '40', '4']).then(() => sleep(500)));
    await sleep(Math.max(0, deadline - Date.now()));
  },
};
