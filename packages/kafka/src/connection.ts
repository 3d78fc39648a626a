/**
 * How classcast reaches a Kafka cluster: bootstrap servers plus optional SASL and TLS, from
 * flags or the environment, turned into a kafkajs client with logging kept quiet and errors
 * left to our own one-line messages.
 */
import { readFileSync, statSync } from 'node:fs';
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { KafkaError } from './errors.js';
import { oauthBearerMechanism, type OAuthBearerCredentials } from './oauth-bearer.js';

/** A user name and password (SCRAM, or PLAIN on a cluster that offers it). */
export interface PasswordCredentials {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

/** A password login, or a school sign-in token (OAUTHBEARER, docs/SECURITY.md). */
export type SaslCredentials = PasswordCredentials | OAuthBearerCredentials;

export interface KafkaConnection {
  /** 'host:port' of one or more brokers. */
  brokers: string[];
  clientId?: string;
  sasl?: SaslCredentials;
  /** true for TLS with the system CAs, or the PEM text of a CA to trust. */
  tls?: boolean | { ca: string };
  /** How long to try to reach a broker before giving up, ms. */
  connectionTimeoutMs?: number;
  /**
   * Where this client sits (Kafka's client.rack): frame readers fetch from the replica on the
   * broker with this broker.rack (KIP-392), so students near each broker share a class's egress
   * across the cluster. Brokers without a rack-aware replica.selector.class ignore it.
   */
  rack?: string;
}

export const DEFAULT_BROKERS = ['127.0.0.1:9092'];

/**
 * Reads CLASSCAST_BROKERS (comma-separated), CLASSCAST_SASL_MECHANISM / _USERNAME / _PASSWORD (or
 * _PASSWORD_FILE, a file of mode 0600), CLASSCAST_TLS_CA (a PEM file) or CLASSCAST_TLS=1, and
 * CLASSCAST_RACK (the rack to fetch frames from). Flags, when given, win over these.
 */
export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaConnection {
  const connection: KafkaConnection = { brokers: parseBrokers(env.CLASSCAST_BROKERS ?? DEFAULT_BROKERS.join(',')) };
  if (env.CLASSCAST_SASL_USERNAME) {
    connection.sasl = {
      mechanism: parseMechanism(env.CLASSCAST_SASL_MECHANISM ?? 'scram-sha-256'),
      username: env.CLASSCAST_SASL_USERNAME,
      password: env.CLASSCAST_SASL_PASSWORD ?? (env.CLASSCAST_SASL_PASSWORD_FILE ? readSecretFile(env.CLASSCAST_SASL_PASSWORD_FILE) : ''),
    };
  }
  if (env.CLASSCAST_TLS_CA) connection.tls = { ca: readFileSync(env.CLASSCAST_TLS_CA, 'utf8') };
  else if (env.CLASSCAST_TLS === '1') connection.tls = true;
  if (env.CLASSCAST_RACK?.trim()) connection.rack = env.CLASSCAST_RACK.trim();
  return connection;
}

/**
 * A secret kept in a file rather than on a command line, where `ps` shows it to every user: a
 * password, or the `name:password` lines of `broker up --users-file`. Like ssh with a private key,
 * a file that other users can read is refused: its secret is no longer one. One trailing newline
 * (what an editor or `echo` adds) is not part of it.
 */
export function readSecretFile(path: string, what = 'password file'): string {
  let mode: number;
  let text: string;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KafkaError('CC_SECRET_FILE', `cannot read the ${what} ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if ((mode & 0o077) !== 0) {
    throw new KafkaError('CC_SECRET_FILE', `the ${what} ${path} can be read by other users (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${path}`);
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret.length === 0) throw new KafkaError('CC_SECRET_FILE', `the ${what} ${path} is empty`);
  return secret;
}

export function parseBrokers(list: string): string[] {
  const brokers = list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) {
      throw new KafkaError('CC_BAD_BROKER_ADDRESS', `broker address "${broker}" is not host:port`);
    }
  }
  if (brokers.length === 0) throw new KafkaError('CC_BAD_BROKER_ADDRESS', 'no broker address given');
  return brokers;
}

function parseMechanism(value: string): PasswordCredentials['mechanism'] {
  const mechanism = value.toLowerCase();
  if (mechanism === 'plain' || mechanism === 'scram-sha-256' || mechanism === 'scram-sha-512') return mechanism;
  throw new KafkaError('CC_BAD_SASL_MECHANISM', `SASL mechanism "${value}" is not plain, scram-sha-256 or scram-sha-512`);
}

/** The kafkajs consumer option that makes a frame reader fetch from its rack's replica, if the connection names a rack. */
export function rackConsumerOption(connection: KafkaConnection): { rackId?: string } {
  return connection.rack ? { rackId: connection.rack } : {};
}

/** Retry timing for every classcast client: kafkajs doubles from 100 ms up to 1 s, with jitter. */
export const KAFKA_RETRY = { retries: 6, initialRetryTime: 100, maxRetryTime: 1000 } as const;

/**
 * The teacher's producer and a student's consumer: a request that a hung leader leaves
 * unanswered fails after 1.5 s, and the hung-broker watchdog (hung-broker-watchdog.ts) asks the
 * other brokers whether Kafka has fenced it, so the stream follows Kafka's failover within about
 * a second of it (docs/BENCHMARKS.md, "Hung leader") instead of waiting for the broker to wake
 * up. Fetches wait longer by themselves (kafkajs adds their
 * maxWaitTime) and joins use the session timeout, so only requests that answer at once are cut.
 * A send cut short is retried by the idempotent producer with its sequence number: no duplicate.
 */
export const LIVE_STREAM_CLIENT = { requestTimeout: 1500 } as const satisfies Partial<KafkaConfig>;

/** A kafkajs client for `connection`; `overrides` replace classcast's client settings (logging, retries, request timeout). */
export function createKafkaClient(
  connection: KafkaConnection,
  overrides: Pick<KafkaConfig, 'logLevel' | 'logCreator' | 'retry' | 'requestTimeout' | 'socketFactory'> = {},
): Kafka {
  const config: KafkaConfig = {
    clientId: connection.clientId ?? 'classcast',
    brokers: connection.brokers,
    connectionTimeout: connection.connectionTimeoutMs ?? 3000,
    // kafkajs waits 30 s for an answer; a hung broker (its sockets open, nothing answering) would
    // hold a command that long. Live-stream clients wait less still (LIVE_STREAM_CLIENT).
    requestTimeout: 5000,
    // Our own errors say what went wrong in one line; kafkajs's log would repeat it many times.
    logLevel: logLevel.NOTHING,
    // Short waits between retries: after a broker fails over (3 s on the embedded cluster) the
    // next attempt should find the new leader within a second, not after kafkajs's 5-30 s backoff.
    retry: KAFKA_RETRY,
    ...overrides,
  };
  if (connection.sasl) config.sasl = saslOption(connection.sasl);
  if (connection.tls) config.ssl = connection.tls === true ? true : { ca: [connection.tls.ca] };
  return new Kafka(config);
}

function saslOption(credentials: SaslCredentials): NonNullable<KafkaConfig['sasl']> {
  if (credentials.mechanism === 'oauthbearer') return oauthBearerMechanism(credentials);
  // kafkajs types each password mechanism apart; the union of ours is one of them.
  return credentials as SASLOptions;
}

/** Who a connection logs in as, for messages: the user name, the token's principal if known, or neither. */
export function loginName(connection: KafkaConnection): string | undefined {
  const sasl = connection.sasl;
  if (!sasl) return undefined;
  return sasl.mechanism === 'oauthbearer' ? sasl.principal : sasl.username;
}

/** Who the broker said no to, for "Kafka says … may not …" lines. */
export function loginDescription(connection: KafkaConnection): string {
  const name = loginName(connection);
  return name !== undefined ? `user ${name}` : connection.sasl ? 'this signed-in user' : 'this client';
}
