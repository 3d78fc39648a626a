/**
 * Free TCP ports on loopback, found by asking the OS: listen on port 0, read the port, close.
 * Several ports are held open together so one call never returns the same port twice.
 */
import net from 'node:net';

export const LOOPBACK = '127.0.0.1';

function listenOnAnyPort(host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => resolve(server));
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function findFreePorts(count: number, host = LOOPBACK): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) servers.push(await listenOnAnyPort(host));
    return servers.map((server) => (server.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map(close));
  }
}

export async function findFreePort(host = LOOPBACK): Promise<number> {
  const [port] = await findFreePorts(1, host);
  return port!;
}
