#!/usr/bin/env node
/**
 * `classcast-web`: runs the gateway on its own. Students open the printed address in any browser.
 *   classcast-web [--brokers host:port,...] [--port 8080] [--host 0.0.0.0] [--allow-origin https://school.example ...]
 *                 [--cert cert.pem --key key.pem]
 * --cert/--key: serve HTTPS and WSS (the key file must be mode 0600); without them it says it runs plain HTTP.
 * --allow-origin (repeatable): a page of another origin whose WebSocket the gateway takes; its
 * own page's origin is always taken.
 * [--joins-per-address N] [--max-students-per-class N] [--max-students N]: the join limits
 * (defaults 20 a minute, 200, 1000; see GatewayOptions).
 * Brokers and SASL/TLS also come from CLASSCAST_BROKERS / CLASSCAST_SASL_* / CLASSCAST_TLS*.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { connectionFromEnv, parseBrokers, readSecretFile } from '@classcast/kafka';
import { ClasscastError } from '@classcast/protocol';
import { createGateway, DEFAULT_GATEWAY_PORT } from './gateway.js';
import { WebError } from './web-errors.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      brokers: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      'joins-per-address': { type: 'string' },
      'max-students-per-class': { type: 'string' },
      'max-students': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
    },
    strict: true,
  });
  const connection = connectionFromEnv();
  if (values.brokers) connection.brokers = parseBrokers(values.brokers);
  const port = Number(values.port ?? DEFAULT_GATEWAY_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new WebError('CC_GATEWAY_BAD_OPTIONS', `--port ${values.port} is not a port number (0-65535)`);
  }
  const host = values.host ?? '0.0.0.0';
  const tls = tlsFromFlags(values.cert, values.key);
  const gateway = await createGateway({
    connection,
    port,
    host,
    allowedOrigins: values['allow-origin'] ?? [],
    ...limit('joinsPerAddressPerMinute', '--joins-per-address', values['joins-per-address']),
    ...limit('maxStudentsPerClass', '--max-students-per-class', values['max-students-per-class']),
    ...limit('maxStudents', '--max-students', values['max-students']),
    ...(tls ? { tls } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const addresses = host === '0.0.0.0' ? lanAddresses().map((address) => `${tls ? 'https' : 'http'}://${address}:${gateway.port}/`) : [];
  process.stderr.write(
    `classcast web gateway on Kafka ${connection.brokers.join(',')}. Students open:\n` + [gateway.url, ...addresses].map((url) => `  ${url}\n`).join(''),
  );
  if (!tls) process.stderr.write(PLAIN_HTTP_WARNING);
  const stop = () => void gateway.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const PLAIN_HTTP_WARNING = 'plain HTTP: pictures and names cross the network unencrypted, readable by anyone on it; give --cert and --key to serve HTTPS\n';

/** Both or neither; the key is a secret, so its file must be readable by its owner only. */
function tlsFromFlags(cert: string | undefined, key: string | undefined): { cert: string; key: string } | undefined {
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) throw new WebError('CC_GATEWAY_BAD_OPTIONS', 'give both --cert and --key (PEM files) to serve HTTPS');
  let certificate: string;
  try {
    certificate = readFileSync(cert, 'utf8');
  } catch (error) {
    throw new WebError('CC_GATEWAY_BAD_OPTIONS', `cannot read the certificate ${cert} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return { cert: certificate, key: readSecretFile(key, 'TLS key file') };
}

function limit(option: string, flag: string, value: string | undefined): Record<string, number> {
  if (value === undefined) return {};
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new WebError('CC_GATEWAY_BAD_OPTIONS', `${flag} ${value} is not a whole number of at least 1`);
  return { [option]: n };
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry!.address);
}

main().catch((error: unknown) => {
  const message = error instanceof ClasscastError || error instanceof TypeError ? error.message : String(error);
  process.stderr.write(`classcast-web: ${message}\n`);
  process.exit(1);
});
