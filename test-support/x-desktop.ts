/**
 * A real X desktop for capture tests: an X server with several monitors side by side, a window
 * manager, and real windows (xterm, Chromium) the tests move, resize and close.
 *
 * Why not Xvfb: node-screenshots finds monitors through RandR's monitor list, one per output, and
 * Xvfb has one output: with `+xinerama -screen 0 -screen 1` RandR still reports one screen, and
 * `xrandr --setmonitor` makes a second monitor without an output, which node-screenshots skips.
 * Xorg with the dummy video driver (xserver-xorg-video-dummy) has outputs DUMMY0..DUMMY15 that
 * xrandr turns on side by side, so Monitor.all() reports each and captures its own pixels.
 * Windows are listed by the window manager (_NET_CLIENT_LIST_STACKING): evilwm, tiny, with no
 * borders, so a window's picture is the client's own pixels.
 *
 * Every process started here is stopped by stop(), and the server picks a free display itself.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './wait-for.js';

export interface MonitorLayout {
  width: number;
  height: number;
}

export interface WindowGeometry {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface XWindow {
  /** The X window id (the client's, as xdotool and node-screenshots name it). */
  id: number;
  title: string;
  geometry(): Promise<WindowGeometry>;
  move(x: number, y: number): Promise<void>;
  resize(width: number, height: number): Promise<void>;
  /** Closes the window by ending its program, and waits until the program is gone. */
  close(): Promise<void>;
}

export interface XDesktop {
  /** ':N', the value for DISPLAY. */
  display: string;
  /** Where each monitor is on the root window: side by side, left to right. */
  monitors: readonly WindowGeometry[];
  setRootColour(colour: string): Promise<void>;
  /** An xterm filled with one colour (text and cursor too), at x,y of the root, columns x rows big. */
  openXterm(options: { title: string; colour: string; x: number; y: number; columns?: number; rows?: number }): Promise<XWindow>;
  /** A Chromium app window showing a page of one colour with this title. */
  openChromium(options: { title: string; colour: string } & WindowGeometry): Promise<XWindow>;
  /** Runs an X client (xdotool, xwininfo...) on this display; its stdout. */
  x11(command: string, args: string[]): Promise<string>;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'the window capture tests need Xorg with the dummy driver, evilwm, xterm, xdotool and xrandr (Debian: apt-get install xserver-xorg-video-dummy evilwm xterm xdotool x11-xserver-utils)';

export async function startXDesktop(layout: readonly MonitorLayout[]): Promise<XDesktop> {
  const folder = await mkdtemp(join(tmpdir(), 'classcast-xdesktop-'));
  const processes: ChildProcess[] = [];
  const width = layout.reduce((sum, monitor) => sum + monitor.width, 0);
  const height = Math.max(...layout.map((monitor) => monitor.height));
  let x = 0;
  const monitors = layout.map((monitor) => {
    const placed = { x, y: 0, ...monitor };
    x += monitor.width;
    return placed;
  });

  async function stop(): Promise<void> {
    for (const child of processes.reverse()) await ended(child);
    await rm(folder, { recursive: true, force: true });
  }

  try {
    await writeFile(join(folder, 'xorg.conf'), dummyConfig(width, height));
    const server = spawn(
      'Xorg',
      ['-displayfd', '3', '-config', join(folder, 'xorg.conf'), '-configdir', join(folder, 'none'), '-logfile', join(folder, 'Xorg.log')].concat([
        '-nolisten',
        'tcp',
        '-noreset',
        '-novtswitch',
        '-sharevts',
        '-keeptty',
      ]),
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
    );
    processes.push(server);
    const display = await displayOf(server);
    const env = { ...process.env, DISPLAY: display, LANG: 'C.UTF-8' };
    const x11 = async (command: string, args: string[]) => {
      try {
        return (await promisify(execFile)(command, args, { env })).stdout;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(INSTALL_HINT);
        throw error;
      }
    };

    const xrandr = monitors.flatMap((monitor, i) => ['--output', `DUMMY${i}`, '--mode', `${monitor.width}x${monitor.height}`, '--pos', `${monitor.x}x0`]);
    for (const [i, monitor] of monitors.entries()) if (i > 0) await x11('xrandr', ['--addmode', `DUMMY${i}`, `${monitor.width}x${monitor.height}`]);
    await x11('xrandr', xrandr);
    const listed = await x11('xrandr', ['--listmonitors']);
    if (!listed.startsWith(`Monitors: ${monitors.length}`)) throw new Error(`xrandr did not make ${monitors.length} monitors: ${listed}`);

    const windowManager = launch('evilwm', ['-bw', '0', '-fn', 'fixed'], env);
    processes.push(windowManager);
    await waitFor(async () => (await x11('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'])).includes('window id'), 10_000, 'evilwm to start');

    const track = async (child: ChildProcess, title: string): Promise<XWindow> => {
      processes.push(child);
      const found = await waitFor(
        async () => (await x11('xdotool', ['search', '--onlyvisible', '--name', `^${title}$`]).catch(() => '')).trim().split('\n')[0] || undefined,
        30_000,
        `the window "${title}"`,
      );
      const id = Number(found);
      // The title node-screenshots reads (_NET_WM_NAME) may come a moment after the window.
      const named = async () => (await x11('xprop', ['-id', found, '_NET_WM_NAME']).catch(() => '')).includes(`"${title}"`);
      await waitFor(named, 30_000, `the window "${title}" to have its _NET_WM_NAME`);
      return {
        id,
        title,
        async geometry() {
          const shown = await x11('xdotool', ['getwindowgeometry', '--shell', String(id)]);
          const value = (name: string) => Number(new RegExp(`^${name}=(-?\\d+)$`, 'm').exec(shown)![1]);
          return { x: value('X'), y: value('Y'), width: value('WIDTH'), height: value('HEIGHT') };
        },
        async move(toX, toY) {
          await x11('xdotool', ['windowmove', '--sync', String(id), String(toX), String(toY)]);
        },
        async resize(toWidth, toHeight) {
          await x11('xdotool', ['windowsize', '--sync', String(id), String(toWidth), String(toHeight)]);
        },
        close: () => ended(child),
      };
    };

    return {
      display,
      monitors,
      x11,
      stop,
      async setRootColour(colour) {
        await x11('xsetroot', ['-solid', colour]);
      },
      async openXterm({ title, colour, x: left, y: top, columns = 40, rows = 10 }) {
        // xterm sets _NET_WM_NAME (the title node-screenshots reads) only for a title it is sent as
        // UTF-8 text, so the shell inside sends it.
        const paint = ['-bg', colour, '-fg', colour, '-cr', colour, '-bw', '0', '-xrm', 'XTerm*utf8Title: true'];
        const args = [...paint, '-title', title, '-geometry', `${columns}x${rows}+${left}+${top}`];
        const child = launch('xterm', [...args, '-e', 'sh', '-c', `printf '\\033]2;%s\\007' "$0"; exec sleep 100000`, title], env);
        return track(child, title);
      },
      async openChromium({ title, colour, x: left, y: top, width: across, height: down }) {
        const page = join(folder, `${processes.length}.html`);
        await writeFile(page, `<!doctype html><title>${title}</title><body style="margin:0;background:${colour}"></body>`);
        const profile = join(folder, `chromium-${processes.length}`);
        const flags = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', `--user-data-dir=${profile}`];
        const child = launch('chromium', [...flags, `--window-position=${left},${top}`, `--window-size=${across},${down}`, `--app=file://${page}`], env);
        return track(child, title);
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function dummyConfig(width: number, height: number): string {
  return `Section "Device"
  Identifier "dummy"
  Driver "dummy"
  VideoRam 256000
EndSection
Section "Monitor"
  Identifier "monitor"
  HorizSync 5.0-1000.0
  VertRefresh 5.0-200.0
EndSection
Section "Screen"
  Identifier "screen"
  Device "dummy"
  Monitor "monitor"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Virtual ${width} ${height}
  EndSubSection
EndSection
`;
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // Its own process group, so stopping it also stops what it started (Chromium's renderers, xterm's shell).
  const child = spawn(command, args, { env, stdio: 'ignore', detached: true });
  child.on('error', () => undefined); // a missing program shows as the window that never comes
  return child;
}

/** The display the server wrote on fd 3 (-displayfd), or why it did not start. */
async function displayOf(server: ChildProcess): Promise<string> {
  let stderr = '';
  server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Xorg did not start within 20 s: ${stderr.trim().slice(-500)}`)), 20_000);
    let written = '';
    server.stdio[3]!.on('data', (chunk: Buffer) => {
      written += chunk.toString();
      if (!written.includes('\n')) return;
      clearTimeout(timer);
      resolve(`:${written.trim()}`);
    });
    server.on('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? new Error(INSTALL_HINT) : error));
    server.on('exit', (code) => fail(new Error(`Xorg exited with code ${code}: ${stderr.trim().slice(-500)}`)));
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
  });
}

/** Ends a child and its process group if it has one (SIGTERM, then SIGKILL after 5 s), and waits for it. */
async function ended(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (child.exitCode !== null || child.signalCode !== null || pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(child.spawnargs[0] === 'Xorg' ? pid : -pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
