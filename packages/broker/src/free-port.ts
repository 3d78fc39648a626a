/**
 * Free TCP ports on loopback, found by asking the OS: listen on port 0, read the port, close.
 * Several ports are held open together so one call never returns the same port twice.
 */
import { readFileSync } from 'node:fs';
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

function listenOn(port: number, host: string): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, host, () => resolve(server));
  });
}

/** True when `port` can be bound now (nothing listens on it, no connection uses it). */
export async function isPortFree(port: number, host = LOOPBACK): Promise<boolean> {
  const server = await listenOn(port, host);
  if (server) await close(server);
  return server !== undefined;
}

const LOWEST_KEPT_PORT = 10_000;

/** The first port the OS hands out to outgoing connections (Linux; 32768 elsewhere, as on Linux). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST_KEPT_PORT + 1000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * Free ports for a cluster that keeps them across restarts, chosen below the OS's ephemeral range:
 * a port from that range (what listening on port 0 gives) is handed to any outgoing connection on
 * the machine while its node is down, and then the node cannot bind it again.
 */
export async function findKeptPorts(count: number, host = LOOPBACK): Promise<number[]> {
  const high = ephemeralLow();
  const servers: net.Server[] = [];
  try {
    for (let tries = 0; servers.length < count; tries += 1) {
      if (tries > 1000) throw new Error(`no ${count} free ports below ${high}`);
      const port = LOWEST_KEPT_PORT + Math.floor(Math.random() * (high - LOWEST_KEPT_PORT));
      const server = await listenOn(port, host);
      if (server) servers.push(server);
    }
    return servers.map((server) => (server.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map(close));
  }
}
