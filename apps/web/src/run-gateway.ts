/**
 * The gateway as a command, in one place: what both `classcast-web` (bin.ts, node:util parseArgs)
 * and `classcast gateway` (commander) run, so that their flags, checks and output cannot drift.
 * It checks the flags, reads the TLS files, starts the gateway, prints where students open it
 * (and a warning when it speaks plain HTTP), and closes it on the first Ctrl-C or SIGTERM.
 * Where the Kafka connection comes from is each command's own business (--brokers, SASL, TLS).
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { loginName, readSecretFile, type KafkaConnection } from '@classcast/kafka';
import { createGateway, DEFAULT_GATEWAY_PORT, type GatewayOptions } from './gateway.js';
import type { StudentLogin } from './student-login.js';
import { WebError } from './web-errors.js';

/** The gateway's flags as both commands receive them: strings, unchecked. */
export interface GatewayFlags {
  port?: string;
  host?: string;
  allowOrigin?: string[];
  trustProxy?: string[];
  gatewayId?: string;
  joinsPerAddress?: string;
  maxStudentsPerClass?: string;
  maxStudents?: string;
  cert?: string;
  key?: string;
  studentLogin?: string;
  oidcIssuer?: string;
  oidcClientId?: string;
  oidcClientSecretFile?: string;
  oidcProvider?: string;
  oidcPrincipalClaim?: string;
  publicUrl?: string;
}

export interface GatewayFlag {
  /** The flag without its dashes, e.g. 'allow-origin'; its GatewayFlags key is the camelCase form. */
  name: string;
  property: keyof GatewayFlags;
  value: string;
  description: string;
  /** Repeatable: every occurrence is kept. */
  multiple?: boolean;
}

/** Every gateway flag, for both parsers (bin.ts's parseArgs, the CLI's commander). */
export const GATEWAY_FLAGS: readonly GatewayFlag[] = [
  { name: 'port', property: 'port', value: '<n>', description: `port to listen on (0 = any free port; default ${DEFAULT_GATEWAY_PORT})` },
  { name: 'host', property: 'host', value: '<address>', description: 'address to listen on (default 0.0.0.0: every interface)' },
  {
    name: 'allow-origin',
    property: 'allowOrigin',
    value: '<origin>',
    description: "a page of another origin whose WebSocket the gateway takes, e.g. https://school.example:8443 (repeatable); its own page's is always taken",
    multiple: true,
  },
  {
    name: 'trust-proxy',
    property: 'trustProxy',
    value: '<address>',
    description:
      "the address of a load balancer in front of this gateway (repeatable): joins from it are counted by the student's address in its X-Forwarded-For, not its own (docs/DEPLOY.md)",
    multiple: true,
  },
  {
    name: 'gateway-id',
    property: 'gatewayId',
    value: '<name>',
    description: 'names this gateway in the positions it commits for its students (`classcast students` shows it; default: random)',
  },
  { name: 'joins-per-address', property: 'joinsPerAddress', value: '<n>', description: 'join attempts from one address a minute (default 20)' },
  { name: 'max-students-per-class', property: 'maxStudentsPerClass', value: '<n>', description: 'students watching one class at once (default 1000)' },
  { name: 'max-students', property: 'maxStudents', value: '<n>', description: 'students watching on this gateway at once (default 2000)' },
  { name: 'cert', property: 'cert', value: '<file>', description: 'certificate (PEM) to serve HTTPS and WSS; with --key' },
  { name: 'key', property: 'key', value: '<file>', description: 'its private key (PEM, mode 0600); with --cert' },
  {
    name: 'student-login',
    property: 'studentLogin',
    value: '<open|password|oidc>',
    description:
      "open (default): anyone who reaches the gateway watches through its own Kafka connection; password: each student logs in as their own Kafka user; oidc: school sign-in (--oidc-*); with either, the broker's ACLs decide",
  },
  { name: 'oidc-issuer', property: 'oidcIssuer', value: '<url>', description: "school sign-in: the provider's issuer URL (as the broker's --oidc-issuer)" },
  {
    name: 'oidc-client-id',
    property: 'oidcClientId',
    value: '<id>',
    description: "school sign-in: the gateway's client id at the provider (the broker's --oidc-audience)",
  },
  {
    name: 'oidc-client-secret-file',
    property: 'oidcClientSecretFile',
    value: '<file>',
    description: "school sign-in: a file (mode 0600) with the client's secret, for providers that give web apps one",
  },
  { name: 'oidc-provider', property: 'oidcProvider', value: '<name>', description: 'school sign-in: the name on the page\'s button (default "your school")' },
  {
    name: 'oidc-principal-claim',
    property: 'oidcPrincipalClaim',
    value: '<claim>',
    description: 'school sign-in: the claim the broker takes the principal from (as its --oidc-principal-claim; default sub)',
  },
  {
    name: 'public-url',
    property: 'publicUrl',
    value: '<url>',
    description: "school sign-in: the gateway's address as registered with the provider (default: the address the browser used)",
  },
];

export interface RunGatewayOptions extends GatewayFlags {
  connection: KafkaConnection;
  /** Where the addresses, the warning and the gateway's log lines go. Default stderr. */
  write?: (text: string) => void;
  /** Closes the gateway when aborted. Default: the first SIGINT or SIGTERM (a second one kills). */
  signal?: AbortSignal;
}

export const PLAIN_HTTP_WARNING =
  'plain HTTP: pictures and names cross the network unencrypted, readable by anyone on it; give --cert and --key to serve HTTPS';

export const OPEN_LOGIN_WARNING =
  'open: anyone who reaches this gateway may watch every class its Kafka connection can read, under any name; use --student-login password on a cluster with logins';
const PASSWORD_LOGIN_NOTE = "student logins: each student logs in with their own Kafka user and password, and Kafka's ACLs decide what they may watch";

function loginNote(login: StudentLogin | undefined): string {
  if (login?.method === 'password') return PASSWORD_LOGIN_NOTE;
  if (login?.method === 'oidc')
    return `student logins: school sign-in with ${login.issuer}; Kafka checks each token, and its ACLs decide what each student may watch`;
  return OPEN_LOGIN_WARNING;
}

/** Runs the gateway until the signal; resolves once it has closed. */
export async function runGateway(options: RunGatewayOptions): Promise<void> {
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  const settings = gatewayOptionsFromFlags(options);
  const gateway = await createGateway({ connection: options.connection, ...settings, log: (line) => write(`${line}\n`) });
  const urls = [gateway.url, ...(settings.host === '0.0.0.0' ? networkUrls(gateway.url) : [])];
  // One write, so a reader never sees the addresses without the warning that belongs to them.
  write(
    `classcast web gateway on Kafka ${describeConnection(options.connection)}. Students open:\n${urls.map((url) => `  ${url}\n`).join('')}` +
      `Teachers share their screen from any browser at:\n${urls.map((url) => `  ${new URL('teach', url).href}\n`).join('')}` +
      `${loginNote(settings.studentLogin)}\n` +
      (settings.tls ? '' : `${PLAIN_HTTP_WARNING}\n`),
  );
  await stopped(options.signal);
  await gateway.close();
  write('classcast web gateway closed\n');
}

/** Checks the flags: every problem is one CC_GATEWAY_BAD_OPTIONS line naming the flag. */
export function gatewayOptionsFromFlags(flags: GatewayFlags): Omit<GatewayOptions, 'connection' | 'log'> & { host: string } {
  const port = Number(flags.port ?? DEFAULT_GATEWAY_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new WebError('CC_GATEWAY_BAD_OPTIONS', `--port ${flags.port} is not a port number (0-65535)`);
  }
  const tls = gatewayTlsFromFiles(flags.cert, flags.key);
  return {
    port,
    host: flags.host ?? '0.0.0.0',
    allowedOrigins: flags.allowOrigin ?? [],
    trustedProxies: flags.trustProxy ?? [],
    ...(flags.gatewayId === undefined ? {} : { gatewayId: flags.gatewayId }),
    ...limit('joinsPerAddressPerMinute', '--joins-per-address', flags.joinsPerAddress),
    ...limit('maxStudentsPerClass', '--max-students-per-class', flags.maxStudentsPerClass),
    ...limit('maxStudents', '--max-students', flags.maxStudents),
    ...(tls ? { tls } : {}),
    ...studentLoginFromFlags(flags),
  };
}

function studentLoginFromFlags(flags: GatewayFlags): Pick<GatewayOptions, 'studentLogin'> {
  const value = flags.studentLogin;
  if (value !== 'oidc' && flags.oidcIssuer !== undefined) throw new WebError('CC_GATEWAY_BAD_OPTIONS', '--oidc-issuer goes with --student-login oidc');
  if (value === undefined || value === 'open') return {};
  if (value === 'password') return { studentLogin: { method: 'password' } };
  if (value !== 'oidc') throw new WebError('CC_GATEWAY_BAD_OPTIONS', `--student-login ${value} is not open, password or oidc`);
  if (!flags.oidcIssuer || !flags.oidcClientId) throw new WebError('CC_GATEWAY_BAD_OPTIONS', '--student-login oidc needs --oidc-issuer and --oidc-client-id');
  return {
    studentLogin: {
      method: 'oidc',
      provider: flags.oidcProvider ?? 'your school',
      issuer: flags.oidcIssuer,
      clientId: flags.oidcClientId,
      ...(flags.oidcClientSecretFile ? { clientSecret: readSecretFile(flags.oidcClientSecretFile, 'client secret file') } : {}),
      ...(flags.oidcPrincipalClaim ? { principalClaim: flags.oidcPrincipalClaim } : {}),
      ...(flags.publicUrl ? { publicUrl: flags.publicUrl } : {}),
    },
  };
}

/** Both or neither; the key is a secret, so its file must be readable by its owner only. */
export function gatewayTlsFromFiles(cert: string | undefined, key: string | undefined): { cert: string; key: string } | undefined {
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

/** The page's address on each of this machine's network addresses (it listens on every interface). */
export function networkUrls(pageUrl: string): string[] {
  const page = new URL(pageUrl);
  return Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)
    .map((entry) => `${page.protocol}//${entry!.address}:${page.port}/`);
}

/** The brokers, and how the gateway reaches them (never the password). */
function describeConnection(connection: KafkaConnection): string {
  const how = [connection.tls ? 'TLS' : undefined, connection.sasl ? `as ${loginName(connection) ?? 'a signed-in user'}` : undefined].filter(Boolean);
  return `${connection.brokers.join(',')}${how.length > 0 ? ` (${how.join(', ')})` : ''}`;
}

function limit(option: string, flag: string, value: string | undefined): Record<string, number> {
  if (value === undefined) return {};
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new WebError('CC_GATEWAY_BAD_OPTIONS', `${flag} ${value} is not a whole number of at least 1`);
  return { [option]: n };
}

function stopped(signal: AbortSignal | undefined): Promise<void> {
  if (signal) return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
