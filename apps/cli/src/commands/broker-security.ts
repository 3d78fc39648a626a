/**
 * `classcast broker up --secure [--users-file FILE] [--oidc-issuer URL --oidc-audience ID]`: the
 * embedded Kafka with SCRAM logins (and school sign-in tokens), ACLs and a TLS listener whose CA
 * the project generates (docs/SECURITY.md). The flags, the security options
 * they make, and the lines that tell a user how to connect. Passwords come from a 0600 file, never
 * from a flag (`ps` shows every command line to every user).
 */
import { Option, type Command } from 'commander';
import {
  describeOidc,
  discoverOidc,
  generateTlsMaterial,
  parseScramUser,
  type BrokerSecurity,
  type ClusterSecurity,
  type OidcSettings,
  type ScramUsers,
} from '@classcast/broker';
import { readSecretFile } from '@classcast/kafka';
import { CliError } from '../cli-errors.js';

export interface BrokerSecurityFlags {
  secure?: boolean;
  usersFile?: string;
  oidcIssuer?: string;
  oidcAudience?: string;
  oidcPrincipalClaim?: string;
}

export function addBrokerSecurityOptions(command: Command): Command {
  return command
    .option('--secure', 'require SCRAM-SHA-256 logins and ACLs, and add a TLS listener (CA made with openssl)')
    .option('--users-file <path>', 'users to create, a name:password line each, mode 0600 (with --secure; "admin" is the super user)')
    .option('--oidc-issuer <url>', "school sign-in: also accept this OpenID Connect provider's tokens (OAUTHBEARER), e.g. https://accounts.google.com")
    .option('--oidc-audience <client-id>', 'with --oidc-issuer: the aud a token must carry (the client id the school registered for classcast)')
    .option('--oidc-principal-claim <claim>', 'with --oidc-issuer: the claim that names the Kafka user (default sub; email for names the ACLs can read)')
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
    if (flags.oidcIssuer)
      throw new CliError('CC_BAD_BROKER_FLAGS', '--oidc-issuer needs --secure (sign-in tokens are checked on the secured listeners, with ACLs)');
    return undefined;
  }
  const oidc = await oidcFromFlags(flags);
  return { scramUsers: flags.usersFile ? readUsersFile(flags.usersFile) : {}, tls: await generateTlsMaterial(), ...(oidc ? { oidc } : {}) };
}

/** The provider's settings, read from its discovery document; undefined without --oidc-issuer. */
export async function oidcFromFlags(flags: BrokerSecurityFlags): Promise<OidcSettings | undefined> {
  if (!flags.oidcIssuer) {
    if (flags.oidcAudience || flags.oidcPrincipalClaim)
      throw new CliError('CC_BAD_BROKER_FLAGS', '--oidc-audience and --oidc-principal-claim need --oidc-issuer');
    return undefined;
  }
  // Required: without it, a token the provider issued to any other app of the school would do.
  if (!flags.oidcAudience) {
    throw new CliError(
      'CC_BAD_BROKER_FLAGS',
      '--oidc-issuer needs --oidc-audience <client-id>: the client id the school registered for classcast, so that tokens issued to its other apps are refused',
    );
  }
  if (flags.oidcAudience.includes(',') || /\s/.test(flags.oidcAudience)) {
    throw new CliError('CC_BAD_BROKER_FLAGS', `--oidc-audience "${flags.oidcAudience}" must be one client id, without commas or spaces`);
  }
  const claim = flags.oidcPrincipalClaim ?? 'sub';
  if (!/^[A-Za-z0-9_.:-]+$/.test(claim)) throw new CliError('CC_BAD_BROKER_FLAGS', `--oidc-principal-claim "${claim}" is not a claim name`);
  return discoverOidc({ issuer: flags.oidcIssuer, audience: flags.oidcAudience, principalClaim: claim });
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
    ...(security.oidc ? [`  ${describeOidc(security.oidc)}`] : []),
  ];
}
