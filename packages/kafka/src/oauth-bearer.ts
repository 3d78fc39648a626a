/**
 * SASL/OAUTHBEARER (RFC 7628) for school sign-in: the client sends the ID or access token its
 * OpenID Connect provider issued, and the broker checks it against the provider's keys (Kafka's
 * OAuthBearerValidatorCallbackHandler, KIP-768) and takes the principal from one of its claims.
 *
 * kafkajs has an OAUTHBEARER mechanism of its own, but it sends the token and never reads the
 * broker's answer. A broker that refuses a token does not fail that request: it answers with a
 * JSON challenge (`{"status":"invalid_token"}`) and waits for the client's %x01 byte before it
 * fails the exchange. kafkajs's mechanism takes the challenge for success, sends its next request,
 * and the broker drops the connection, which surfaces as "cannot reach Kafka". This mechanism
 * answers the challenge, so a refused token ends in SASL_AUTHENTICATION_FAILED, which
 * describeSecurityError turns into CC_TOKEN_REFUSED.
 */
import type { AuthenticationProviderArgs, Mechanism } from 'kafkajs';
import { KafkaError } from './errors.js';

export interface OAuthBearerCredentials {
  mechanism: 'oauthbearer';
  /** No user name: the broker takes the principal from the token. Declared so that code reading
   *  `connection.sasl.username` still compiles (and gets undefined); prefer loginName(). */
  username?: never;
  /**
   * The token to send, asked for at every login and every re-authentication (the broker ends a
   * session when its token expires): return a fresh one before the old one runs out.
   */
  token: () => Promise<string> | string;
  /** Who the token names, for messages only ("user ada@school.example may not…"); the broker
   *  takes the principal from the token itself. */
  principal?: string;
}

const SOH = '\u0001';

/** The kafkajs `sasl` option for an OAUTHBEARER login. */
export function oauthBearerMechanism(credentials: OAuthBearerCredentials): Mechanism {
  return {
    mechanism: 'oauthbearer',
    authenticationProvider: ({ host, port, saslAuthenticate }: AuthenticationProviderArgs) => ({
      async authenticate() {
        const token = await credentials.token();
        if (!/^[-_.a-zA-Z0-9]+$/.test(token)) {
          // The broker would drop such a token unread ("Invalid OAUTHBEARER client first message").
          throw new KafkaError('CC_TOKEN_REFUSED', 'the sign-in token is not a JWT (letters, digits and "-_." only): sign in again');
        }
        // RFC 7628 initial client response: GS2 header, then auth=Bearer <token>, closed by two SOH.
        const challenge = await saslAuthenticate({
          request: saslBytes(`n,,${SOH}auth=Bearer ${token}${SOH}${SOH}`),
          response: challengeReader,
        });
        // An empty answer means the broker accepted the token. Anything else is its JSON error:
        // answering %x01 makes the broker fail the exchange with SASL_AUTHENTICATION_FAILED,
        // which carries that JSON as its message.
        if (!challenge || challenge.length === 0) return;
        try {
          await saslAuthenticate({ request: saslBytes(SOH) });
        } catch (error) {
          throw tokenRefused(`${host}:${port}`, challenge.toString('utf8'), token, error);
        }
        // A broker that sent a challenge and then accepted the %x01 has not said yes either.
        throw tokenRefused(`${host}:${port}`, challenge.toString('utf8'), token, undefined);
      },
    }),
  };
}

/** SASL auth bytes as kafkajs's SaslAuthenticate request expects them: Kafka BYTES (int32 length first). */
function saslBytes(text: string) {
  const payload = Buffer.from(text, 'utf8');
  const bytes = Buffer.alloc(4 + payload.length);
  bytes.writeInt32BE(payload.length, 0);
  payload.copy(bytes, 4);
  return { encode: () => bytes };
}

/** kafkajs hands over the broker's auth bytes as Kafka BYTES too; keeps the payload. */
const challengeReader = {
  decode: (bytes: Buffer) => Promise.resolve(bytes.length >= 4 ? bytes.subarray(4) : Buffer.alloc(0)),
  parse: (payload: Buffer) => Promise.resolve(payload),
};

/**
 * One line for a refused token. The broker says only `{"status":"invalid_token"}` (its reason,
 * e.g. an expired exp claim or another audience, stays in the broker's log), so the line quotes
 * that and adds what the client can see in the token itself.
 */
function tokenRefused(broker: string, brokerAnswer: string, token: string, cause: unknown): KafkaError {
  const hint = tokenExpiryHint(token);
  return new KafkaError(
    'CC_TOKEN_REFUSED',
    `Kafka at ${broker} refused the sign-in token (${brokerAnswer.trim()}${hint ? `; ${hint}` : ''}): ` +
      "sign in again; if that does not help, the token is for another app (audience) or issuer, or not signed by the school's provider (the broker log says which)",
    { cause },
  );
}

/**
 * What a client can tell about a refused token without the broker's reason (the broker keeps it
 * in its log): whether the token's own exp claim is past. The claims are read, not verified.
 */
export function tokenExpiryHint(token: string, now = Date.now()): string | undefined {
  const expiresAt = tokenExpiresAt(token);
  if (expiresAt === undefined || expiresAt > now) return undefined;
  return `the token expired at ${new Date(expiresAt).toISOString()}`;
}

/** When a token's exp claim says it expires (ms since the epoch), read without checking the signature. */
export function tokenExpiresAt(token: string): number | undefined {
  const exp = unverifiedClaims(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

/** A JWT's claims, read without checking its signature: for naming and timing only, never for trust (the broker checks). */
export function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
