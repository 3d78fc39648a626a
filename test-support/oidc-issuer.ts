/**
 * A small real OpenID Connect issuer for tests: it serves the discovery document
 * (/.well-known/openid-configuration) and its signing keys (/jwks) over HTTP on 127.0.0.1, and
 * signs tokens with jose as Google or Entra ID would (RS256, a kid, iss/aud/sub/iat/exp), so the
 * broker's own validator checks them against the real JWKS. `signForged` signs with a key that
 * is not in the JWKS, under the same kid: what a forger without the provider's key can do.
 *
 * Routes live in one table so that a browser sign-in flow (/authorize, /token) can be added
 * beside them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface TokenClaims {
  sub: string;
  /** Default: the issuer's defaultAudience. */
  aud?: string;
  /** Seconds from now until exp; negative for a token that has already expired. Default 300. */
  expiresInSeconds?: number;
  /** Default: the issuer's own URL. */
  iss?: string;
  /** Any other claims (email, name, preferred_username…). */
  extra?: JWTPayload;
}

export interface OidcIssuer {
  /** http://127.0.0.1:<port>, the iss of every token it signs. */
  url: string;
  jwksUrl: string;
  sign(claims: TokenClaims): Promise<string>;
  /** Signed with a key the JWKS does not hold (same kid, same algorithm). */
  signForged(claims: TokenClaims): Promise<string>;
  /** Requests served so far, by path (e.g. how often the broker fetched /jwks). */
  requests: Map<string, number>;
  /**
   * Who the browser sign-in (/authorize, then /token) signs in, as a provider would after the
   * person typed their school password: the next sign-ins get a token for `sub`.
   */
  signInAs(sub: string, options?: { expiresInSeconds?: number }): void;
  close(): Promise<void>;
}

export interface OidcIssuerOptions {
  /** The aud of tokens signed without one. Default 'classcast'. */
  defaultAudience?: string;
}

type Route = (request: IncomingMessage, response: ServerResponse) => void;

const ALGORITHM = 'RS256';
const KEY_ID = 'classcast-test-key';

export async function startOidcIssuer(options: OidcIssuerOptions = {}): Promise<OidcIssuer> {
  const defaultAudience = options.defaultAudience ?? 'classcast';
  const [signing, forger] = await Promise.all([generateKeyPair(ALGORITHM), generateKeyPair(ALGORITHM)]);
  const publicJwk: JWK = { ...(await exportJWK(signing.publicKey)), kid: KEY_ID, alg: ALGORITHM, use: 'sig' };
  const requests = new Map<string, number>();
  const codes = new Map<string, { sub: string; expiresInSeconds?: number; nonce: string; challenge: string; redirect: string; clientId: string }>();
  let signedIn: { sub: string; expiresInSeconds?: number } | undefined;
  let url = '';

  const routes: Record<string, Route> = {
    '/.well-known/openid-configuration': (_request, response) =>
      sendJson(response, {
        issuer: url,
        jwks_uri: `${url}/jwks`,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/token`,
        response_types_supported: ['code', 'id_token'],
        code_challenge_methods_supported: ['S256'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: [ALGORITHM],
      }),
    '/jwks': (_request, response) => sendJson(response, { keys: [publicJwk] }),
    // The authorization code flow with PKCE, as Google and Entra ID run it for a web app.
    '/authorize': (request, response) => {
      const query = new URL(request.url ?? '/', url).searchParams;
      const redirect = query.get('redirect_uri');
      const challenge = query.get('code_challenge');
      if (!redirect || !challenge || query.get('code_challenge_method') !== 'S256' || query.get('response_type') !== 'code' || !signedIn) {
        return void response.writeHead(400).end('bad authorization request');
      }
      const code = randomBytes(16).toString('base64url');
      codes.set(code, { ...signedIn, nonce: query.get('nonce') ?? '', challenge, redirect, clientId: query.get('client_id') ?? '' });
      const back = new URL(redirect);
      back.searchParams.set('code', code);
      back.searchParams.set('state', query.get('state') ?? '');
      response.writeHead(302, { location: back.href }).end();
    },
    '/token': (request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const proven = grant && createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
        if (!grant || !proven || form.get('redirect_uri') !== grant.redirect || form.get('client_id') !== grant.clientId) {
          return void response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
        }
        void signWith(signing.privateKey, {
          sub: grant.sub,
          aud: grant.clientId,
          ...(grant.expiresInSeconds === undefined ? {} : { expiresInSeconds: grant.expiresInSeconds }),
          extra: { nonce: grant.nonce },
        }).then((idToken) => sendJson(response, { id_token: idToken, token_type: 'Bearer', expires_in: grant.expiresInSeconds ?? 300 }));
      });
    },
  };

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', url).pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route) route(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signWith = (key: CryptoKey, claims: TokenClaims) => {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = claims.expiresInSeconds ?? 300;
    return (
      new SignJWT({ ...claims.extra })
        .setProtectedHeader({ alg: ALGORITHM, kid: KEY_ID, typ: 'JWT' })
        .setIssuer(claims.iss ?? url)
        .setAudience(claims.aud ?? defaultAudience)
        .setSubject(claims.sub)
        // An expired token was issued before it expired.
        .setIssuedAt(Math.min(now, now + expiresIn - 60))
        .setExpirationTime(now + expiresIn)
        .sign(key)
    );
  };

  return {
    url,
    jwksUrl: `${url}/jwks`,
    sign: (claims) => signWith(signing.privateKey, claims),
    signForged: (claims) => signWith(forger.privateKey, claims),
    requests,
    signInAs(sub, options = {}) {
      signedIn = { sub, ...options };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}
