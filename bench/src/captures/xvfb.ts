/**
 * A private Xvfb for recording: it picks a free display number itself (-displayfd, as
 * packages/capture's test helper does), so parallel runs never collide on a fixed :N.
 */
import { start, type Spawned } from './spawned.js';

export interface XServer {
  display: string;
  stop(): Promise<void>;
}

export async function startXvfb(width: number, height: number): Promise<XServer> {
  const server: Spawned = start('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    let written = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 15 s: ${server.stderr()}`)), 15_000);
    server.child.stdio[3]!.on('data', (chunk: Buffer) => {
      written += chunk.toString();
      if (written.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${written.trim()}`);
      }
    });
    void server.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}): ${server.stderr()}`));
    });
  }).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  return { display, stop: () => server.stop() };
}
