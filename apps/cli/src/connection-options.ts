/**
 * The flags every command that talks to Kafka shares. Flags win over CLASSCAST_* environment
 * variables; with neither, a broker started by "classcast broker up" is used if one is running.
 */
import { Option, type Command } from 'commander';
import { connectionFromEnv, parseBrokers, type KafkaConnection } from '@classcast/kafka';
import { brokerStatus } from '@classcast/broker';

export interface ConnectionFlags {
  brokers?: string;
  saslMechanism?: string;
  username?: string;
  password?: string;
}

export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--brokers <list>', 'Kafka bootstrap servers, host:port,...').env('CLASSCAST_BROKERS'))
    .addOption(new Option('--username <name>', 'SASL user name').env('CLASSCAST_SASL_USERNAME'))
    .addOption(new Option('--password <secret>', 'SASL password').env('CLASSCAST_SASL_PASSWORD'))
    .addOption(
      new Option('--sasl-mechanism <mechanism>', 'SASL mechanism').choices(['plain', 'scram-sha-256', 'scram-sha-512']).env('CLASSCAST_SASL_MECHANISM'),
    );
}

export async function resolveConnection(flags: ConnectionFlags): Promise<KafkaConnection> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (flags.brokers) env.CLASSCAST_BROKERS = flags.brokers;
  else if (!env.CLASSCAST_BROKERS) {
    const embedded = await brokerStatus({ timeoutMs: 1000 });
    if (embedded.running) env.CLASSCAST_BROKERS = embedded.bootstrapServers.join(',');
  }
  if (flags.username) env.CLASSCAST_SASL_USERNAME = flags.username;
  if (flags.password) env.CLASSCAST_SASL_PASSWORD = flags.password;
  if (flags.saslMechanism) env.CLASSCAST_SASL_MECHANISM = flags.saslMechanism;
  const connection = connectionFromEnv(env);
  connection.brokers = parseBrokers(connection.brokers.join(','));
  return connection;
}
