#!/usr/bin/env node
/**
 * `classcast-web`: runs the gateway on its own (as `classcast gateway` does). Students open the printed address in any browser.
 *   classcast-web [--brokers host:port,...] [--port 8080] [--host 0.0.0.0] [--allow-origin https://school.example ...]
 *                 [--joins-per-address N] [--max-students-per-class N] [--max-students N] [--cert cert.pem --key key.pem]
 * The flags, their checks and what it prints live in run-gateway.ts (GATEWAY_FLAGS, runGateway).
 * Brokers and SASL/TLS also come from CLASSCAST_BROKERS / CLASSCAST_SASL_* / CLASSCAST_TLS*.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { connectionFromEnv, parseBrokers } from '@classcast/kafka';
import { ClasscastError } from '@classcast/protocol';
import { GATEWAY_FLAGS, runGateway, type GatewayFlags } from './run-gateway.js';

async function main(): Promise<void> {
  const options: NonNullable<ParseArgsConfig['options']> = { brokers: { type: 'string' } };
  for (const flag of GATEWAY_FLAGS) options[flag.name] = { type: 'string', ...(flag.multiple ? { multiple: true } : {}) };
  const { values } = parseArgs({ options, strict: true });
  const connection = connectionFromEnv();
  if (typeof values.brokers === 'string') connection.brokers = parseBrokers(values.brokers);
  const flags = Object.fromEntries(GATEWAY_FLAGS.map((flag) => [flag.property, values[flag.name]])) as GatewayFlags;
  await runGateway({ connection, ...flags });
  process.exit(0);
}

main().catch((error: unknown) => {
  const message = error instanceof ClasscastError || error instanceof TypeError ? error.message : String(error);
  process.stderr.write(`classcast-web: ${message}\n`);
  process.exit(1);
});
