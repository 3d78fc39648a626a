/**
 * `classcast broker up --secure [--users-file FILE]`: the embedded Kafka with SCRAM logins, ACLs and
 * a TLS listener whose CA the project generates (docs/SECURITY.md). The flags, the security options
 * they make, and the lines that tell a user how to connect. Passwords come from a 0600 file, never
 * from a flag (`ps` shows every command line to every user).
 */
import { Option, type Command } from 'commander';
import { generateTlsMaterial, parseScramUser, type BrokerSecurity, type ClusterSecurity, type ScramUsers } from '@classcast/broker';
import { readSecretFile } from '@classcast/kafka';
import { CliError } from '../cli-errors.js';

export interface BrokerSecurityFlags {
  secure?: boolean;
  usersFile?: string;
}

export function addBrokerSecurityOptions(command: Command): Command {
  return command
    .option('--secure', 'require SCRAM-SHA-256 logins and ACLs, and add a TLS listener (CA made with openssl)')
    .option('--users-file <path>', 'users to create, a name:password line each, mode 0600 (with --secure; "admin" is the super user)')
    .addOption(
      new Option('--user <name:password>').hideHelp().argParser(() => {
        throw new CliError(
          'CC_SECRET_ON_COMMAND_LINE',
          '--user name:password puts a password where `ps` shows it to every user: list the users in a file, one name:password a line, chmod 600 it, and give --users-file FILE',
        );
      }),
    );
}

/** The users of a users file: `name:password` lines; blank lines and `#` comments are skipped. */
export function readUsersFile(path: string): ScramUsers {
  const users: ScramUsers = {};
  readSecretFile(path, 'users file')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.trim() === '' || line.trimStart().startsWith('#')) return;
      try {
        const [name, password] = parseScramUser(line.trim());
        users[name] = password;
      } catch (error) {
        // The broker's message quotes the line, password and all: say where instead.
        const name = line.trim().split(':')[0];
        throw new CliError(
          'CC_BAD_BROKER_FLAGS',
          `${path} line ${index + 1} (user "${name}"): ${String((error as Error).message).replaceAll(line.trim(), 'name:password')}`,
        );
      }
    });
  return users;
}

/** undefined without --secure; the TLS material is made (or reused) in the cache dir. */
export async function brokerSecurityFromFlags(flags: BrokerSecurityFlags): Promise<BrokerSecurity | undefined> {
  if (!flags.secure) {
    if (flags.usersFile) throw new CliError('CC_BAD_BROKER_FLAGS', '--users-file needs --secure');
    return undefined;
  }
  return { scramUsers: flags.usersFile ? readUsersFile(flags.usersFile) : {}, tls: await generateTlsMaterial() };
}

/** How to connect: the admin login, and where the TLS listener and its CA are. */
export function describeBrokerSecurity(security: ClusterSecurity): string[] {
  return [
    `  logins: SCRAM-SHA-256 (--username with CLASSCAST_SASL_PASSWORD, --password-file or the prompt); admin user "${security.adminUser}", password in ${security.secretsFile}`,
    ...(security.saslSslServers.length > 0
      ? [
          `  TLS (SASL_SSL): ${security.saslSslServers.join(',')}, CA ${security.caFile ?? '?'}; classcast commands on this machine use it without --brokers (elsewhere: --brokers ${security.saslSslServers.join(',')} with CLASSCAST_TLS_CA=<that CA file>)`,
        ]
      : []),
  ];
}
