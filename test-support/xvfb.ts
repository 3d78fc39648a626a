/**
 * Test support: starts a private Xvfb X server so desktop capture (node-screenshots, and a
 * browser's getDisplayMedia) is tested for real. Xvfb picks a free display itself (-displayfd) and stays up between clients (-noreset;
 * without it the server resets when xsetroot disconnects and the root colour is lost).
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

export interface Xvfb {
  /** ':N', the value for DISPLAY. */
  display: string;
  /** Paints the root window, e.g. '#ff8000'. */
  setRootColour(colour: string): Promise<void>;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'Xvfb is required for the desktop capture tests: install it (Debian: apt-get install xvfb x11-xserver-utils)';

export async function startXvfb(width: number, height: number): Promise<Xvfb> {
  const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Not events.once: it would also reject on 'error', unhandled when Xvfb is missing.
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));

  const display = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Xvfb did not start within 15 s: ${stderr.trim()}`)), 15_000);
    let written = '';
    server.stdio[3]!.on('data', (chunk: Buffer) => {
      written += chunk.toString();
      if (written.includes('\n')) done(`:${written.trim()}`);
    });
    server.on('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? new Error(INSTALL_HINT) : error));
    server.on('exit', (code) => fail(new Error(`Xvfb exited with code ${code}: ${stderr.trim()}`)));
    function done(value: string) {
      clearTimeout(timer);
      resolve(value);
    }
    function fail(error: Error) {
      clearTimeout(timer);
      server.kill('SIGKILL');
      reject(error);
    }
  });

  return {
    display,
    async setRootColour(colour) {
      try {
        await promisify(execFile)('xsetroot', ['-solid', colour], { env: { ...process.env, DISPLAY: display } });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(INSTALL_HINT);
        throw error;
      }
    },
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGTERM');
        await exited;
      }
    },
  };
}
