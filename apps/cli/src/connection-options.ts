/**
 * The flags every command that talks to Kafka shares. Flags win over CLASSCAST_* environment
 * variables; with neither, a broker started by "classcast broker up" is used if one is running
 * (over TLS, trusting its CA, when it was started with `--secure`: its SASL_SSL listeners).
 * A password never comes from a flag (`ps` shows every process's command line to every user):
 * CLASSCAST_SASL_PASSWORD, a file (--password-file), or a prompt with hidden input on a terminal.
 */
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { read } from 'read';
import { connectionFromEnv, parseBrokers, type KafkaConnection } from '@classcast/kafka';
import { brokerStatus, type BrokerStatus } from '@classcast/broker';
import { CliError } from './cli-errors.js';

export interface ConnectionFlags {
  brokers?: string;
  saslMechanism?: string;
  username?: string;
  passwordFile?: string;
  /** Only on the commands that read frames (addRackOption). */
  rack?: string;
  /** Refused: kept only to say why and what to use instead. */
  password?: string;
}

/** The SASL mechanisms --sasl-mechanism takes. */
export const CLI_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/** The connection the running command resolved last: what a login hint asks the broker about. */
let lastResolved: KafkaConnection | undefined;
export const lastResolvedConnection = (): KafkaConnection | undefined => lastResolved;

const PASSWORD_SOURCES = 'set CLASSCAST_SASL_PASSWORD, use --password-file FILE (mode 0600), or leave it out to be asked for it';

export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--brokers <list>', 'Kafka bootstrap servers, host:port,...').env('CLASSCAST_BROKERS'))
    .addOption(new Option('--username <name>', 'SASL user name').env('CLASSCAST_SASL_USERNAME'))
    .addOption(
      new Option('--password-file <path>', 'a file holding the SASL password (mode 0600; or CLASSCAST_SASL_PASSWORD, or a prompt)').env(
        'CLASSCAST_SASL_PASSWORD_FILE',
      ),
    )
    .addOption(new Option('--password <secret>').hideHelp())
    .addOption(new Option('--sasl-mechanism <mechanism>', 'SASL mechanism').choices(CLI_SASL_MECHANISMS).env('CLASSCAST_SASL_MECHANISM'));
}

/** For the commands that read frames (watch, record, replay): fetch from the nearest replica. */
export function addRackOption(command: Command): Command {
  return command.addOption(
    new Option('--rack <id>', "read frames from the broker on this rack (Kafka's client.rack; brokers need broker.rack)").env('CLASSCAST_RACK'),
  );
}

/** `processEnv`: the environment to read (tests give their own; the cache dir says where a local broker is recorded). */
export async function resolveConnection(flags: ConnectionFlags, processEnv: NodeJS.ProcessEnv = process.env): Promise<KafkaConnection> {
  if (flags.password !== undefined) {
    throw new CliError('CC_SECRET_ON_COMMAND_LINE', `--password puts the password where \`ps\` shows it to every user of this machine: ${PASSWORD_SOURCES}`);
  }
  const env: NodeJS.ProcessEnv = { ...processEnv };
  if (flags.brokers) env.CLASSCAST_BROKERS = flags.brokers;
  else if (!env.CLASSCAST_BROKERS) useLocalBroker(env, await brokerStatus({ timeoutMs: 1000, env }));
  if (flags.username) env.CLASSCAST_SASL_USERNAME = flags.username;
  if (flags.passwordFile) {
    env.CLASSCAST_SASL_PASSWORD_FILE = flags.passwordFile;
    delete env.CLASSCAST_SASL_PASSWORD;
  }
  const username = env.CLASSCAST_SASL_USERNAME;
  if (username && env.CLASSCAST_SASL_PASSWORD === undefined && !env.CLASSCAST_SASL_PASSWORD_FILE && process.stdin.isTTY) {
    env.CLASSCAST_SASL_PASSWORD = String(await read({ prompt: `Kafka password for ${username}: `, silent: true, replace: '', output: process.stderr }));
  }
  if (flags.saslMechanism) env.CLASSCAST_SASL_MECHANISM = flags.saslMechanism;
  if (flags.rack) env.CLASSCAST_RACK = flags.rack;
  const connection = connectionFromEnv(env);
  connection.brokers = parseBrokers(connection.brokers.join(','));
  lastResolved = connection;
  return connection;
}

/**
 * Points env at the broker `classcast broker up` started, if one runs. When it serves TLS (a
 * `--secure` broker records its SASL_SSL servers and CA), its TLS listeners are used, trusting its
 * CA unless CLASSCAST_TLS_CA names another: logins and pictures then cross no plaintext socket.
 */
function useLocalBroker(env: NodeJS.ProcessEnv, local: BrokerStatus): void {
  // Recorded but down is still the place to wait: `broker up` brings it back on the same ports.
  if (!local.recorded) return;
  const tls = local.security;
  if (!tls || tls.saslSslServers.length === 0 || !tls.caFile) {
    env.CLASSCAST_BROKERS = local.bootstrapServers.join(',');
    return;
  }
  if (!env.CLASSCAST_TLS_CA && !existsSync(tls.caFile)) {
    throw new CliError(
      'CC_LOCAL_BROKER_CA_MISSING',
      `the local broker serves TLS with the CA certificate ${tls.caFile}, which is gone: restart it (classcast broker down, then broker up --secure) or give --brokers`,
    );
  }
  env.CLASSCAST_BROKERS = tls.saslSslServers.join(',');
  env.CLASSCAST_TLS_CA ||= tls.caFile;
}
