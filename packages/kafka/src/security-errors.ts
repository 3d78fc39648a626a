/**
 * One clear line for what a secured cluster refuses: a wrong login, an action the ACLs deny, a
 * certificate the client does not trust, a TLS client at a plain port. Meant to be the first
 * thing describeKafkaError (errors.ts) asks; returns undefined for anything else.
 */
import { ClasscastError } from '@classcast/protocol';
import { errorChain, type KafkaJsLikeError } from './error-chain.js';
import { KafkaError } from './errors.js';

export type SecurityErrorCode =
  | 'CC_AUTH_FAILED'
  | 'CC_SASL_MECHANISM_REFUSED'
  | 'CC_LOGIN_REQUIRED'
  | 'CC_TOKEN_REFUSED'
  | 'CC_NOT_AUTHORIZED'
  | 'CC_TLS_UNTRUSTED'
  | 'CC_TLS_HANDSHAKE_FAILED';

// CC_TOKEN_REFUSED is raised where the token is known, by the OAUTHBEARER mechanism (oauth-bearer.ts).
const SECURITY_CODES: ReadonlySet<string> = new Set<SecurityErrorCode>([
  'CC_AUTH_FAILED',
  'CC_SASL_MECHANISM_REFUSED',
  'CC_LOGIN_REQUIRED',
  'CC_TOKEN_REFUSED',
  'CC_NOT_AUTHORIZED',
  'CC_TLS_UNTRUSTED',
  'CC_TLS_HANDSHAKE_FAILED',
]);

// Node's words (and codes) for a certificate it cannot verify. kafkajs keeps only the message
// ("Connection error: unable to verify the first certificate") once its retries give up.
const UNTRUSTED_CERTIFICATE =
  /unable to verify the first certificate|self[- ]signed certificate|unable to get (local )?issuer certificate|certificate has expired|certificate is not yet valid|Hostname\/IP does not match certificate's altnames|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID/i;
// A TLS client at a plaintext port: the broker drops the connection during the handshake.
const NO_TLS_HANDSHAKE = /before secure TLS connection was established|wrong version number/i;
// kafkajs's retry wrappers keep the broker's message but not always its error type.
const DENIED_MESSAGE = /^Not authorized to access |^Cluster authorization failed/i;

export function describeSecurityError(error: unknown, brokers: readonly string[]): ClasscastError | undefined {
  const chain = errorChain(error);
  const explained = chain.find((link): link is ClasscastError => link instanceof ClasscastError && SECURITY_CODES.has(link.code));
  if (explained) return explained;
  const where = brokers.join(', ');
  const text = (link: KafkaJsLikeError) => `${String(link.code ?? '')} ${link.message ?? ''}`;

  // Before the failed-login test: kafkajs reports a refused mechanism as a failed login too.
  if (
    chain.some(
      (link) => link.type === 'UNSUPPORTED_SASL_MECHANISM' || /SASL \S+ mechanism is not supported|not supported by the broker/i.test(link.message ?? ''),
    )
  ) {
    // Which mechanisms the broker offers is not in kafkajs's error: offeredSaslMechanisms() asks.
    return new KafkaError('CC_SASL_MECHANISM_REFUSED', `Kafka at ${where} does not accept this SASL mechanism: give another --sasl-mechanism`, {
      cause: error,
    });
  }
  if (chain.some((link) => link.name === 'KafkaJSSASLAuthenticationError' || link.type === 'SASL_AUTHENTICATION_FAILED')) {
    return new KafkaError('CC_AUTH_FAILED', `Kafka at ${where} refused the credentials: check the user name and password`, { cause: error });
  }
  const denied = chain.find((link) => link.type?.endsWith('_AUTHORIZATION_FAILED')) ?? chain.find((link) => DENIED_MESSAGE.test(link.message ?? ''));
  if (denied) {
    const what = denied.type ?? firstLine(denied.message ?? '');
    return new KafkaError('CC_NOT_AUTHORIZED', `Kafka at ${where} says this user may not do that (${what})`, { cause: error });
  }
  const untrusted = chain.map((link) => UNTRUSTED_CERTIFICATE.exec(text(link))).find((match) => match !== null);
  if (untrusted) {
    return new KafkaError(
      'CC_TLS_UNTRUSTED',
      `Kafka at ${where} presented a TLS certificate this client does not trust (${untrusted[0]}): give the cluster's CA certificate with CLASSCAST_TLS_CA=<ca.pem>`,
      { cause: error },
    );
  }
  if (chain.some((link) => NO_TLS_HANDSHAKE.test(text(link)))) {
    return new KafkaError('CC_TLS_HANDSHAKE_FAILED', `Kafka at ${where} did not complete a TLS handshake: is that its TLS (SASL_SSL) port?`, { cause: error });
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
