/**
 * How the students of a gateway log in, as its `GET /login.json` tells the page (and the page's
 * join form follows):
 *   {"method":"open"}      the open classroom: no login; anyone on the network may watch, under any name
 *   {"method":"password"}  each student's own Kafka user and password, checked by the broker (SCRAM)
 *   {"method":"oidc","provider":"Example School","signInUrl":"/login/oidc"}
 *                          school sign-in (OpenID Connect): the page goes to signInUrl, comes back
 *                          with an ID token, and joins with it; the broker validates the token
 * Whatever the method, the broker decides who may watch which class: the gateway only carries
 * each student's own login to Kafka.
 */
import { GatewayRequestError } from './errors.js';

export type LoginMethod = { method: 'open' } | { method: 'password' } | { method: 'oidc'; provider: string; signInUrl: string };

export const LOGIN_METHOD_PATH = '/login.json';

/** Reads what /login.json answered; throws GatewayRequestError for anything else. */
export function parseLoginMethod(value: unknown): LoginMethod {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (record.method === 'open' || record.method === 'password') return { method: record.method };
  if (record.method === 'oidc' && typeof record.provider === 'string' && typeof record.signInUrl === 'string' && /^\/(?![/\\])/.test(record.signInUrl)) {
    return { method: 'oidc', provider: record.provider, signInUrl: record.signInUrl };
  }
  throw new GatewayRequestError('the class server described its login in a way this page does not know: reload the page');
}

/** What a person proves who they are with, from a desktop app or the teacher console: a Kafka password, or a school sign-in's ID token (the name is the principal it carries). */
export type Credentials = { kind: 'password'; username: string; password: string } | { kind: 'token'; username: string; token: string };
