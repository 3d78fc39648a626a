/**
 * School sign-in on the embedded broker: students log in with a token from the school's OpenID
 * Connect provider (Google Workspace, Microsoft Entra ID) over SASL/OAUTHBEARER, and Kafka's own
 * validator (OAuthBearerValidatorCallbackHandler, KIP-768) checks its signature against the
 * provider's JWKS, its issuer, audience and expiry, and names the principal after one claim.
 * SCRAM stays beside it on every client listener, and between the brokers.
 */
import type { ServerProperties } from './server-properties.js';
import { BrokerError } from './errors.js';

export interface OidcSettings {
  /** The provider's issuer URL, exactly as its tokens' iss claim says it. */
  issuer: string;
  /** Where the provider publishes its signing keys (the discovery document's jwks_uri). */
  jwksUrl: string;
  /** The aud a token must carry: the school's client id for classcast, so a token the
   *  provider issued to another app of the school is refused. */
  audience: string;
  /** The claim that becomes the Kafka principal (User:<value>) that the ACLs name. */
  principalClaim: string;
}

export const OAUTHBEARER_MECHANISM = 'OAUTHBEARER';
const VALIDATOR = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler';
/**
 * Named outright because Kafka 4.1.1's default (DefaultJwtValidator, KIP-1139) builds a
 * ClientJwtValidator when the callback handler creates it: that one checks neither signature,
 * issuer, audience nor expiry, and the broker took a forged token (oidc-login.test.ts). The
 * broker validator fetches the JWKS itself.
 */
const JWT_VALIDATOR = 'org.apache.kafka.common.security.oauthbearer.BrokerJwtValidator';
/** Since Kafka 4.0 the broker fetches only URLs this JVM property allows (empty by default). */
export const ALLOWED_URLS_PROPERTY = 'org.apache.kafka.sasl.oauthbearer.allowed.urls';
// No connections.max.reauth.ms: Kafka (4.1.1 checked) already ends an OAUTHBEARER session when its
// token expires (the token's lifetime is the session's), and kafkajs logs in again with a fresh
// token 10 s before that (oidc-login.test.ts). SCRAM sessions stay as they are.

/**
 * The properties that add OAUTHBEARER to the given SASL listeners (lower-case names, e.g.
 * sasl_plaintext). The validator settings are broker-wide: one provider for the cluster.
 */
export function oidcProperties(listeners: string[], oidc: OidcSettings, otherMechanisms: string[]): ServerProperties {
  // The audience is a Kafka list (comma-separated); a comma would make it two audiences.
  if (oidc.audience.includes(',') || oidc.audience.trim() === '') {
    throw new RangeError(`the OpenID Connect audience "${oidc.audience}" must be one non-empty client id without commas`);
  }
  const perListener = listeners.flatMap((listener) => [
    [`listener.name.${listener}.oauthbearer.sasl.server.callback.handler.class`, VALIDATOR],
    // The server side needs the login module named, with no options.
    [`listener.name.${listener}.oauthbearer.sasl.jaas.config`, 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ;'],
  ]);
  return {
    'sasl.enabled.mechanisms': [...otherMechanisms, OAUTHBEARER_MECHANISM].join(','),
    ...Object.fromEntries(perListener),
    'sasl.oauthbearer.jwt.validator.class': JWT_VALIDATOR,
    'sasl.oauthbearer.jwks.endpoint.url': oidc.jwksUrl,
    'sasl.oauthbearer.expected.issuer': oidc.issuer,
    'sasl.oauthbearer.expected.audience': oidc.audience,
    'sasl.oauthbearer.sub.claim.name': oidc.principalClaim,
  };
}

/** The JVM flags a broker validating tokens needs: permission to fetch the JWKS. */
export function oidcJvmOptions(oidc: OidcSettings | undefined): string[] {
  return oidc ? [`-D${ALLOWED_URLS_PROPERTY}=${oidc.jwksUrl}`] : [];
}

export interface OidcDiscoveryOptions {
  issuer: string;
  audience: string;
  /** Default 'sub'. */
  principalClaim?: string;
  /** Default 10 s. */
  timeoutMs?: number;
}

/**
 * Reads the provider's discovery document (issuer + /.well-known/openid-configuration, OpenID
 * Connect Discovery 1.0), checks that it speaks for that issuer and takes its jwks_uri.
 */
export async function discoverOidc(options: OidcDiscoveryOptions): Promise<OidcSettings> {
  const issuer = options.issuer;
  let base: URL;
  try {
    base = new URL(issuer);
  } catch {
    throw new BrokerError('CC_BROKER_OIDC_BAD_DISCOVERY', `the OpenID Connect issuer "${issuer}" is not a URL (e.g. https://accounts.google.com)`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new BrokerError('CC_BROKER_OIDC_BAD_DISCOVERY', `the OpenID Connect issuer "${issuer}" is not an https URL`);
  }
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000), headers: { accept: 'application/json' } });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? 'no answer in time' : describeFetchFailure(error);
    throw new BrokerError(
      'CC_BROKER_OIDC_UNREACHABLE',
      `cannot fetch the OpenID configuration ${url} (${reason}): is --oidc-issuer right, and is the provider reachable from here?`,
      {
        cause: error,
      },
    );
  }
  if (!response.ok) {
    throw new BrokerError(
      'CC_BROKER_OIDC_UNREACHABLE',
      `the OpenID configuration ${url} answered HTTP ${response.status}: is --oidc-issuer the issuer URL (e.g. https://accounts.google.com)?`,
      { retriable: response.status >= 500 },
    );
  }
  const settings = parseDiscoveryDocument(url, issuer, await response.text());
  return { ...settings, audience: options.audience, principalClaim: options.principalClaim ?? 'sub' };
}

/** The issuer and jwks_uri of a discovery document, checked against the issuer it was asked of. */
export function parseDiscoveryDocument(url: string, issuer: string, text: string): Pick<OidcSettings, 'issuer' | 'jwksUrl'> {
  const bad = (what: string) => new BrokerError('CC_BROKER_OIDC_BAD_DISCOVERY', `the OpenID configuration ${url} ${what}`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw bad('is not JSON');
  }
  if (document === null || typeof document !== 'object') throw bad('is not a JSON object');
  const { issuer: documentIssuer, jwks_uri: jwksUri } = document as Record<string, unknown>;
  // OpenID Connect Discovery: the issuer MUST be the one the document was fetched for, since
  // tokens are checked against it (a trailing slash typed on the command line is forgiven).
  if (typeof documentIssuer !== 'string' || documentIssuer.replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) {
    throw bad(`names the issuer ${JSON.stringify(documentIssuer)}, not ${issuer}: give --oidc-issuer exactly as the provider's tokens name it`);
  }
  if (typeof jwksUri !== 'string' || !/^https?:\/\//.test(jwksUri)) throw bad('has no http(s) jwks_uri (where the signing keys are)');
  return { issuer: documentIssuer, jwksUrl: jwksUri };
}

function describeFetchFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** One line for `broker up` / `broker status`. */
export function describeOidc(oidc: OidcSettings): string {
  return `school sign-in (OAUTHBEARER): issuer ${oidc.issuer}, audience ${oidc.audience}, principal from claim "${oidc.principalClaim}", keys from ${oidc.jwksUrl}`;
}
