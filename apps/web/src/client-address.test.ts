import type { IncomingMessage } from 'node:http';
import { expect, test } from 'vitest';
import { clientAddress } from './gateway.js';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

test("a join's address is the socket's own unless a trusted balancer forwarded it", () => {
  const none = new Set<string>();
  const balancer = new Set(['127.0.0.1', '10.0.0.2']);
  // Anyone can write X-Forwarded-For: from an untrusted peer it is ignored.
  expect(clientAddress(request('192.168.1.50', '1.2.3.4'), none)).toBe('192.168.1.50');
  expect(clientAddress(request('::ffff:192.168.1.50'), none)).toBe('192.168.1.50');
  // From a trusted balancer: the address it saw, the last hop it appended.
  expect(clientAddress(request('127.0.0.1', '192.168.1.51'), balancer)).toBe('192.168.1.51');
  // A student who sends its own header cannot choose its address: the balancer appends the real one.
  expect(clientAddress(request('127.0.0.1', '6.6.6.6, 192.168.1.52'), balancer)).toBe('192.168.1.52');
  // Two trusted balancers in a row: the first untrusted hop from the right.
  expect(clientAddress(request('::ffff:127.0.0.1', '192.168.1.53, 10.0.0.2'), balancer)).toBe('192.168.1.53');
  // A trusted balancer that sent no header: its own address.
  expect(clientAddress(request('127.0.0.1'), balancer)).toBe('127.0.0.1');
});
