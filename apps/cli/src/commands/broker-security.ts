/**
 * `classcast broker up --secure [--user name:password ...]`: the embedded Kafka with SCRAM logins,
 * ACLs and a TLS listener whose CA the project generates (docs/SECURITY.md). The flags, the
 * security options they make, and the lines that tell a user how to connect.
 */
import { Option, type Command } from 'commander';
import { generateTlsMaterial, parseScramUser, type BrokerSecurity, type ClusterSecurity, type ScramUsers } from '@classcast/broker';
import { CliError } from '../cli-errors.js';

export interface BrokerSecurityFlags {
  secure?: boolean;
  user: ScramUsers;
}

export function addBrokerSecurityOptions(command: Command): Command {
  return command.option('--secure', 'require SCRAM-SHA-256 logins and ACLs, and add a TLS listener (CA made with openssl)').addOption(
    new Option('--user <name:password>', 'a user to create (repeat for more; with --secure; "admin" is the super user)')
      .argParser((spec: string, users: ScramUsers) => {
        const [name, password] = parseScramUser(spec);
        return { ...users, [name]: password };
      })
      .default({}, 'none'),
  );
}

/** undefined without --secure; the TLS material is made (or reused) in the cache dir. */
export async function brokerSecurityFromFlags(flags: BrokerSecurityFlags): Promise<BrokerSecurity | undefined> {
  if (!flags.secure) {
    if (Object.keys(flags.user).length > 0) throw new CliError('CC_BAD_BROKER_FLAGS', '--user needs --secure');
    return undefined;
  }
  return { scramUsers: flags.user, tls: await generateTlsMaterial() };
}

/** How to connect: the admin login, and where the TLS listener and its CA are. */
export function describeBrokerSecurity(security: ClusterSecurity): string[] {
  return [
    `  logins: SCRAM-SHA-256 (--username with CLASSCAST_SASL_PASSWORD, --password-file or the prompt); admin user "${security.adminUser}", password in ${security.secretsFile}`,
    ...(security.saslSslServers.length > 0
      ? [`  TLS (SASL_SSL): --brokers ${security.saslSslServers.join(',')} with CLASSCAST_TLS_CA=${security.caFile ?? '?'}`]
      : []),
  ];
}
