import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { findFreePort, findFreePorts } from './free-port.js';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('findFreePort', () => {
  it('returns a port that can be listened on', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    expect(await canListen(port)).toBe(true);
  });

  it('returns distinct ports within one call', async () => {
    const ports = await findFreePorts(6);
    expect(new Set(ports).size).toBe(6);
  });
});
