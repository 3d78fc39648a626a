/**
 * How the person at a desktop app logs in to Kafka. On a cluster with logins each teacher and
 * student connects as their own Kafka user, so the broker's ACLs (docs/SECURITY.md) decide which
 * class they may broadcast to or watch, exactly as for `classcast` and the web gateway.
 *
 * The app knows from its settings, read once by main: `CLASSCAST_LOGIN=password` asks each person
 * for their user name (a student's is the name they join with) and password; unset (or `open`)
 * asks nothing and connects with the app's connection settings as before (CLASSCAST_SASL_*, if
 * any). Settings, not a probe of the broker: an anonymous probe cannot tell "needs a login" from
 * "down" or "no ACL for you" in one round trip, and the app must know before the first screen.
 *
 * A password crosses IPC once per join or start, goes into the connection's SASL exchange and
 * nowhere else: never logged, never written to disk, and main keeps it only as long as the
 * session that uses it. A school sign-in (OpenID Connect) becomes another kind of Credentials.
 */
import { assertValidUserName, type Credentials, type LoginMethod } from '@classcast/protocol';
import { DesktopError } from './errors.js';

export type { Credentials };

export type DesktopLogin = { method: 'open' } | { method: 'password' };

/** SASL as @classcast/kafka's KafkaConnection takes it (desktop imports only protocol, so the shape is restated). */
export interface PersonalSasl {
  /** Every classcast person is a SCRAM-SHA-256 user (docs/SECURITY.md); the embedded broker offers only that. */
  mechanism: 'scram-sha-256';
  username: string;
  password: string;
}

/** SCRAM passwords are 1-256 characters (docs/SECURITY.md); the broker alone decides whether one is right. */
export const MAX_PASSWORD_LENGTH = 256;

/** Reads CLASSCAST_LOGIN; anything but `open` or `password` stops the app with that one line. */
export function desktopLoginFromEnv(env: NodeJS.ProcessEnv = process.env): DesktopLogin {
  const value = env.CLASSCAST_LOGIN ?? 'open';
  if (value === 'open' || value === 'password') return { method: value };
  throw new Error(`CLASSCAST_LOGIN=${value} is not a login this app knows: use password (each person logs in to Kafka) or open`);
}

/** What the renderer is told, so its first screen asks for what main will need. */
export function loginMethodOf(login: DesktopLogin): LoginMethod {
  return { method: login.method };
}

/** For parsers: an IPC payload's password (`key`), if it carries one; CC_IPC_BAD_REQUEST for anything but 1-256 characters. */
export function optionalPassword(payload: unknown, key: string, channel: string): string | undefined {
  const value = fieldOf(payload, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PASSWORD_LENGTH) {
    // Says nothing of the value itself: it may be a password.
    throw new DesktopError('CC_IPC_BAD_REQUEST', `${channel}: ${key} must be a string of 1 to ${MAX_PASSWORD_LENGTH} characters`);
  }
  return value;
}

/** For parsers: the `credentials` of an IPC payload, if it carries them. */
export function optionalCredentials(payload: unknown, channel: string): Credentials | undefined {
  const value = fieldOf(payload, 'credentials');
  if (value === undefined) return undefined;
  if (fieldOf(value, 'kind') !== 'password') throw new DesktopError('CC_IPC_BAD_REQUEST', `${channel}: credentials.kind must be "password"`);
  const username = fieldOf(value, 'username');
  if (typeof username !== 'string') throw new DesktopError('CC_IPC_BAD_REQUEST', `${channel}: credentials.username must be a string`);
  const password = optionalPassword(value, 'password', `${channel} credentials`);
  if (password === undefined) throw new DesktopError('CC_IPC_BAD_REQUEST', `${channel}: credentials.password is missing`);
  return { kind: 'password', username: assertValidUserName('user name', username), password };
}

/**
 * The connection this person's Kafka clients use: the app's own on an open setup, otherwise the
 * app's brokers and TLS with the person's login in place of any the settings hold.
 */
export function connectionWithLogin<C extends { sasl?: object }>(appConnection: C, login: DesktopLogin, credentials: Credentials | undefined): C {
  if (login.method === 'open') {
    if (credentials) throw new DesktopError('CC_IPC_BAD_REQUEST', 'this app is set up without logins (CLASSCAST_LOGIN is not password): send no password');
    return appConnection;
  }
  if (!credentials)
    throw new DesktopError('CC_IPC_BAD_REQUEST', 'this app needs your Kafka login (CLASSCAST_LOGIN=password): log in with your name and password first');
  // The desktop apps log in with a Kafka password (CLASSCAST_LOGIN=password); school sign-in is the browser's.
  if (credentials.kind !== 'password') throw new DesktopError('CC_IPC_BAD_REQUEST', 'this app logs in with a Kafka user name and password');
  const sasl: PersonalSasl = { mechanism: 'scram-sha-256', username: credentials.username, password: credentials.password };
  // A password login is one of the SASL logins every connection type takes.
  return { ...appConnection, sasl } as C;
}

function fieldOf(payload: unknown, key: string): unknown {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[key] : undefined;
}
