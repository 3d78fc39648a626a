import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerError } from './errors.js';
import { processesMentioning } from './process-table.js';
import { startKafka } from './start-kafka.js';

describe('a broker that cannot start', () => {
  let squatter: net.Server;
  let takenPort: number;

  beforeAll(async () => {
    squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    takenPort = (squatter.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => squatter.close(resolve));
  });

  it('fails fast with the end of its log in the error, and leaves nothing behind', async () => {
    const error = await startKafka({
      // The client port is already taken by someone else.
      extraProperties: (node) => ({
        listeners: `PLAINTEXT://127.0.0.1:${takenPort},CONTROLLER://127.0.0.1:${node.controllerPort}`,
        'advertised.listeners': `PLAINTEXT://127.0.0.1:${takenPort}`,
      }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerError);
    const { code, message } = error as BrokerError;
    expect(code).toBe('CC_BROKER_START_FAILED');
    expect(message).toMatch(/^node 1 exited with code \d+/);
    expect(message).toMatch(/--- .*server\.log ---/);
    expect(message).toMatch(/Address already in use|failed to bind/i);
    const dataDir = /--- (.*)\/node-1\/server\.log ---/.exec(message)![1]!;
    expect(processesMentioning(dataDir)).toEqual([]);
  });
});
