/**
 * How a browser student reaches Kafka: on the open classroom through the gateway's own
 * connection; on a cluster with logins, through a connection of the student's own, made from
 * what the join carried (their password for SCRAM), so that the broker's ACLs decide what this
 * browser may read and which group it may use, exactly as for the desktop app. The gateway then
 * holds no login that can read a class.
 *
 * The password goes into the connection's SASL exchange and nowhere else: it is never logged,
 * and it lives only as long as the student's session.
 */
import type { KafkaConnection, PasswordCredentials } from '@classcast/kafka';
import type { GatewayJoin, LoginMethod } from '@classcast/protocol';
import { WebError } from './web-errors.js';

/** The gateway's setting; `open` is today's classroom, where anyone on the network may watch. */
export type StudentLogin = { method: 'open' } | { method: 'password'; mechanism?: PasswordCredentials['mechanism'] };

/** What the page is told (GET /login.json). */
export function loginMethodOf(login: StudentLogin): LoginMethod {
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
  if (join.password === undefined) throw new WebError('CC_GATEWAY_LOGIN_REQUIRED', 'this class server needs your password: enter it with your name');
  return {
    ...gateway,
    clientId: 'classcast-web-student',
    sasl: { mechanism: login.mechanism ?? 'scram-sha-256', username: join.student, password: join.password },
  };
}
