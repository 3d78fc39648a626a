/**
 * Does one Kafka node answer on its own port? A kafkajs client cannot tell: it goes on to the
 * other brokers its metadata names, so a probe through node 3 fails when node 2 is down. This
 * sends Kafka's ApiVersions request (allowed before any login) to the one address and waits for
 * any reply: a stopped (SIGSTOP) JVM still completes TCP handshakes in the kernel, but never replies.
 */
import net from 'node:net';

/** ApiVersions (key 18) v0, correlation id 1, client id "classcast-probe". */
function apiVersionsRequest(): Buffer {
  const clientId = Buffer.from('classcast-probe');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
  body.writeInt16BE(18, 0);
  body.writeInt16BE(0, 2);
  body.writeInt32BE(1, 4);
  body.writeInt16BE(clientId.length, 8);
  clientId.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

export function nodeAnswers(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answered: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => socket.write(apiVersionsRequest()));
    // The reply's size and correlation id come first: 8 bytes are proof enough of a live broker.
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= 8) done(true);
    });
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}
