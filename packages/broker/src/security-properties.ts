/**
 * The server.properties of a secured node: clients authenticate with SCRAM-SHA-256 on a
 * SASL_PLAINTEXT listener (and a SASL_SSL one when TLS material is given), ACLs are enforced by
 * KRaft's StandardAuthorizer, and nothing is allowed without an ACL except to the super users.
 *
 * The controller listener cannot use SCRAM (its credentials live in the metadata log the
 * controller serves), so it uses SASL PLAIN with a generated password, on loopback only. Brokers
 * replicate over the SASL_PLAINTEXT listener as the admin. With `oidc`, clients may also log in
 * with a school sign-in token (OAUTHBEARER, oidc.ts).
 */
import { oidcProperties, type OidcSettings } from './oidc.js';
import type { NodePlan, ServerProperties } from './server-properties.js';
import { SCRAM_MECHANISM } from './scram-users.js';

/** The controller listener's PLAIN principal; a super user, so no SCRAM user may take the name. */
export const CONTROLLER_USER = 'controller';
export const STANDARD_AUTHORIZER = 'org.apache.kafka.metadata.authorizer.StandardAuthorizer';

export interface NodeSecrets {
  adminUser: string;
  adminPassword: string;
  controllerPassword: string;
}

export function securedListeners(node: NodePlan): { saslPlaintext: string; saslSsl: string | undefined } {
  return {
    saslPlaintext: `SASL_PLAINTEXT://${node.host}:${node.port}`,
    saslSsl: node.tlsPort === undefined ? undefined : `SASL_SSL://${node.host}:${node.tlsPort}`,
  };
}

export function securityProperties(node: NodePlan, secrets: NodeSecrets, keystoreFile: string | undefined, oidc?: OidcSettings): ServerProperties {
  const { saslPlaintext, saslSsl } = securedListeners(node);
  if (saslSsl !== undefined && keystoreFile === undefined) throw new RangeError(`node ${node.nodeId} has a TLS port but no keystore`);
  const advertised = saslSsl === undefined ? saslPlaintext : `${saslPlaintext},${saslSsl}`;
  const scramLogin = 'org.apache.kafka.common.security.scram.ScramLoginModule required';
  const { adminUser, adminPassword, controllerPassword } = secrets;
  return {
    listeners: `${advertised},CONTROLLER://${node.host}:${node.controllerPort}`,
    'advertised.listeners': advertised,
    'listener.security.protocol.map': 'SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT',
    'inter.broker.listener.name': 'SASL_PLAINTEXT',
    'sasl.enabled.mechanisms': SCRAM_MECHANISM,
    'sasl.mechanism.inter.broker.protocol': SCRAM_MECHANISM,
    // The server side of SCRAM needs no JAAS options; the username/password here are what this
    // broker sends when it connects to another broker (inter-broker listener only).
    'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config': `${scramLogin} username="${adminUser}" password="${adminPassword}";`,
    'sasl.mechanism.controller.protocol': 'PLAIN',
    'listener.name.controller.sasl.enabled.mechanisms': 'PLAIN',
    // user_<name> is the server's list of PLAIN accounts; username/password is what a node sends.
    'listener.name.controller.plain.sasl.jaas.config':
      `org.apache.kafka.common.security.plain.PlainLoginModule required username="${CONTROLLER_USER}" ` +
      `password="${controllerPassword}" user_${CONTROLLER_USER}="${controllerPassword}";`,
    'authorizer.class.name': STANDARD_AUTHORIZER,
    'allow.everyone.if.no.acl.found': false,
    'super.users': `User:${adminUser};User:${CONTROLLER_USER}`,
    ...(saslSsl === undefined
      ? {}
      : {
          'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': `${scramLogin};`,
          'listener.name.sasl_ssl.ssl.keystore.type': 'PEM',
          'listener.name.sasl_ssl.ssl.keystore.location': keystoreFile!,
        }),
    // School sign-in on every client listener; the brokers keep logging in to each other with SCRAM.
    ...(oidc ? oidcProperties(saslSsl === undefined ? ['sasl_plaintext'] : ['sasl_plaintext', 'sasl_ssl'], oidc, [SCRAM_MECHANISM]) : {}),
  };
}
