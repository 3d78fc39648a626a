/**
 * How a browser student reaches Kafka: on the open classroom through the gateway's own
 * connection; on a cluster with logins, through a connection of the student's own, made from
 * what the join carried (their password for SCRAM), so that the broker's ACLs decide what this
 * browser may read and which group it may use, exactly as for the desktop app. The gateway then
 * holds no login that can read a class.
 *
 * The password (or sign-in token) goes into the connection's SASL exchange and nowhere else: it
 * is never logged, and it lives only as long as the student's session.
 */
import type { KafkaConnection, PasswordCredentials } from '@classcast/kafka';
import type { GatewayJoin, LoginMethod } from '@classcast/protocol';
import { OIDC_SIGN_IN_PATH, principalOf, type OidcSignInSettings } from './oidc-sign-in.js';
import { WebError } from './web-errors.js';

/**
 * The gateway's setting; `open` is today's classroom, where anyone on the network may watch.
 * `oidc`: school sign-in (oidc-sign-in.ts); the join carries the ID token, passed to Kafka as
 * SASL/OAUTHBEARER.
 */
export type StudentLogin =
  { method: 'open' } | { method: 'password'; mechanism?: PasswordCredentials['mechanism'] } | ({ method: 'oidc' } & OidcSignInSettings);

/** What the page is told (GET /login.json). */
export function loginMethodOf(login: StudentLogin): LoginMethod {
  if (login.method === 'oidc') return { method: 'oidc', provider: login.provider, signInUrl: OIDC_SIGN_IN_PATH };
  return { method: login.method };
}

/** A gateway with student logins must hold no Kafka login of its own, or it would be one more way in. */
export function assertNoGatewayLogin(login: StudentLogin, connection: KafkaConnection): void {
  if (login.method !== 'open' && connection.sasl) {
    throw new WebError(
      'CC_GATEWAY_BAD_OPTIONS',
      'with student logins the gateway connects to Kafka as each student, so it takes no Kafka login of its own: unset CLASSCAST_SASL_USERNAME (and its password)',
    );
  }
}

/** The connection this student's Kafka clients use; throws CC_GATEWAY_LOGIN_REQUIRED when the join carries the wrong proof. */
export function studentConnection(gateway: KafkaConnection, login: StudentLogin, join: GatewayJoin): KafkaConnection {
  if (login.method === 'open') {
    if (join.password !== undefined || join.token !== undefined) {
      throw new WebError('CC_GATEWAY_LOGIN_REQUIRED', 'this class server is an open classroom and takes no password: join with a class and a name only');
    }
    return gateway;
  }
  if (login.method === 'oidc') {
    const token = join.token;
    if (token === undefined) throw new WebError('CC_GATEWAY_LOGIN_REQUIRED', `this class server needs you to sign in with ${login.provider}`);
    const principal = principalOf(token, login.principalClaim);
    // The group is named after the principal the broker will take from the token.
    if (principal !== join.student) {
      throw new WebError(
        'CC_GATEWAY_LOGIN_REQUIRED',
        `you are signed in as ${principal ?? 'nobody'}, not ${join.student}: join under that name, or sign in again`,
      );
    }
    return { ...gateway, clientId: 'classcast-web-student', sasl: { mechanism: 'oauthbearer', token: () => token, principal } };
  }
  if (join.password === undefined) throw new WebError('CC_GATEWAY_LOGIN_REQUIRED', 'this class server needs your password: enter it with your name');
  return {
    ...gateway,
    clientId: 'classcast-web-student',
    sasl: { mechanism: login.mechanism ?? 'scram-sha-256', username: join.student, password: join.password },
  };
}
