/**
 * Which SASL mechanisms a broker offers, asked the way Kafka clients ask: a SaslHandshake request,
 * whose reply lists the broker's enabled mechanisms. kafkajs keeps that list to itself (its error
 * for a refused mechanism says only "not supported"), so the question is asked on a socket of our
 * own: one request, one reply, over TLS when the connection uses TLS.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { KafkaConnection } from './connection.js';

const SASL_HANDSHAKE_API_KEY = 17;
const SASL_HANDSHAKE_VERSION = 1;
/** Not a mechanism: the broker answers UNSUPPORTED_SASL_MECHANISM with the list of those it has. */
const NO_MECHANISM = 'CLASSCAST-PROBE';

/**
 * The mechanisms (upper case, as Kafka names them: SCRAM-SHA-256, PLAIN, …) the first of
 * `connection.brokers` offers; empty when its listener has no SASL; undefined when it cannot be
 * asked (down, hung, not Kafka).
 */
export async function offeredSaslMechanisms(connection: KafkaConnection, timeoutMs = 3000): Promise<string[] | undefined> {
  const address = connection.brokers[0];
  if (!address) return undefined;
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(separator + 1));
  const tls = connection.tls;
  const socket: Socket = tls ? connectTls({ host, port, servername: host, ...(tls === true ? {} : { ca: [tls.ca] }) }) : connectTcp({ host, port });
  socket.setTimeout(timeoutMs);
  try {
    return await new Promise<string[] | undefined>((resolve) => {
      let reply = Buffer.alloc(0);
      socket.once(tls ? 'secureConnect' : 'connect', () => socket.write(handshakeRequest()));
      socket.on('data', (chunk: Buffer) => {
        reply = Buffer.concat([reply, chunk]);
        if (reply.length >= 4 && reply.length >= 4 + reply.readInt32BE(0)) resolve(readMechanisms(reply.subarray(4)));
      });
      socket.once('timeout', () => resolve(undefined));
      socket.once('error', () => resolve(undefined));
      socket.once('close', () => resolve(undefined));
    });
  } finally {
    socket.destroy();
  }
}

function handshakeRequest(): Buffer {
  const clientId = Buffer.from('classcast-probe');
  const mechanism = Buffer.from(NO_MECHANISM);
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 2 + mechanism.length);
  let at = body.writeInt16BE(SASL_HANDSHAKE_API_KEY, 0);
  at = body.writeInt16BE(SASL_HANDSHAKE_VERSION, at);
  at = body.writeInt32BE(1, at); // correlation id
  at = body.writeInt16BE(clientId.length, at);
  at += clientId.copy(body, at);
  at = body.writeInt16BE(mechanism.length, at);
  mechanism.copy(body, at);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

/** correlation_id INT32, error_code INT16, [mechanism STRING]: the list, whatever the error code. */
function readMechanisms(reply: Buffer): string[] | undefined {
  try {
    const count = reply.readInt32BE(6);
    const mechanisms: string[] = [];
    let at = 10;
    for (let i = 0; i < count; i += 1) {
      const length = reply.readInt16BE(at);
      mechanisms.push(reply.toString('utf8', at + 2, at + 2 + length));
      at += 2 + length;
    }
    return mechanisms;
  } catch {
    return undefined; // not a SaslHandshake reply
  }
}
