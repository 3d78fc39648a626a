/**
 * School sign-in for the student page (OpenID Connect, authorization code flow with PKCE), with
 * the gateway as the relying party, as a school registers it with Google Workspace or Entra ID:
 *
 *   page ── GET /login/oidc?class=C ──▶ gateway ── 302 ──▶ provider's sign-in page
 *   provider ── 302 /login/callback?code&state ──▶ gateway ── code + verifier (+ secret) ──▶ token endpoint
 *   gateway ── 303 /?class=C#token=<ID token>&name=<principal> ──▶ page, which joins with the token
 *
 * The gateway does not trust the token: it passes it to Kafka as SASL/OAUTHBEARER and the broker
 * validates it (signature against the provider's keys, issuer, audience, expiry) and takes the
 * principal from the claim the ACLs name. The gateway only reads that claim, unverified, to name
 * the student's group and say who signed in; a page that lies about it is refused by the broker.
 *
 * The token travels in the address's fragment, which browsers never send to a server; the page
 * removes it from the address bar at once and keeps it in memory only.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { unverifiedClaims } from '@classcast/kafka';
import { TEACHER_PAGE_PATH } from '@classcast/protocol';
import { WebError } from './web-errors.js';

export interface OidcSignInSettings {
  /** Shown on the page's button: "Sign in with <provider>". */
  provider: string;
  /** The provider's issuer URL (its discovery document is <issuer>/.well-known/openid-configuration). */
  issuer: string;
  /** The gateway's client id at the provider: the audience the broker expects (--oidc-audience). */
  clientId: string;
  /** A confidential client's secret (Google and Entra web apps have one); never sent to the page. */
  clientSecret?: string;
  /** The token claim that names the Kafka principal, as the broker maps it (--oidc-principal-claim). Default 'sub'. */
  principalClaim?: string;
  /** The gateway's address as the provider knows it (the registered redirect URI's origin). Default: from the request. */
  publicUrl?: string;
}

export const OIDC_SIGN_IN_PATH = '/login/oidc';
export const OIDC_CALLBACK_PATH = '/login/callback';
/** A sign-in not finished within this long is forgotten. */
const PENDING_MS = 10 * 60_000;
/** Sign-ins in progress at once: a flood of /login/oidc cannot grow the table without end. */
const MAX_PENDING = 10_000;

interface Pending {
  verifier: string;
  nonce: string;
  classId: string;
  /** The page the sign-in comes back to: the student page, or the teacher console (`page=teach`). */
  page: string;
  redirectUri: string;
  since: number;
}

interface Endpoints {
  authorization: string;
  token: string;
}

export interface OidcSignIn {
  /** Answers /login/oidc and /login/callback; false for any other request. */
  handle(request: IncomingMessage, response: ServerResponse, tls: boolean): Promise<boolean>;
}

export function createOidcSignIn(settings: OidcSignInSettings, fetchJson = defaultFetchJson): OidcSignIn {
  const pending = new Map<string, Pending>();
  let endpoints: Promise<Endpoints> | undefined;

  const discover = (): Promise<Endpoints> => {
    endpoints ??= fetchJson(`${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`).then((document) => {
      const { issuer, authorization_endpoint: authorization, token_endpoint: token } = document as Record<string, unknown>;
      if (issuer !== settings.issuer || typeof authorization !== 'string' || typeof token !== 'string') {
        throw new WebError('CC_GATEWAY_SIGN_IN_FAILED', `${settings.issuer} does not describe an OpenID Connect provider with that issuer`);
      }
      return { authorization, token };
    });
    // A provider that could not be reached is asked again on the next sign-in.
    endpoints.catch(() => (endpoints = undefined));
    return endpoints;
  };

  function sweep(now: number): void {
    for (const [state, entry] of pending) if (now - entry.since > PENDING_MS) pending.delete(state);
  }

  async function begin(url: URL, response: ServerResponse, origin: string): Promise<void> {
    const classId = url.searchParams.get('class') ?? '';
    const page = pageOf(url);
    const now = Date.now();
    sweep(now);
    if (pending.size >= MAX_PENDING) return backToPage(response, classId, { error: 'too many sign-ins at once: try again in a minute' }, page);
    const { authorization } = await discover();
    const state = randomToken();
    const entry: Pending = { verifier: randomToken(), nonce: randomToken(), classId, page, redirectUri: `${origin}${OIDC_CALLBACK_PATH}`, since: now };
    pending.set(state, entry);
    const target = new URL(authorization);
    target.search = new URLSearchParams({
      response_type: 'code',
      client_id: settings.clientId,
      redirect_uri: entry.redirectUri,
      scope: 'openid email profile',
      state,
      nonce: entry.nonce,
      code_challenge: createHash('sha256').update(entry.verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    response.writeHead(302, { location: target.href, 'cache-control': 'no-store' }).end();
  }

  async function finish(url: URL, response: ServerResponse): Promise<void> {
    const state = url.searchParams.get('state') ?? '';
    const entry = pending.get(state);
    pending.delete(state);
    if (!entry || Date.now() - entry.since > PENDING_MS) return backToPage(response, '', { error: 'that sign-in is unknown or too old: sign in again' });
    const refused = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (refused || !code) return backToPage(response, entry.classId, { error: `the school's sign-in said ${refused ?? 'nothing'}: sign in again` }, entry.page);
    const { token: tokenEndpoint } = await discover();
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: entry.redirectUri,
      client_id: settings.clientId,
      code_verifier: entry.verifier,
      ...(settings.clientSecret ? { client_secret: settings.clientSecret } : {}),
    });
    const answer = (await fetchJson(tokenEndpoint, form)) as Record<string, unknown>;
    const token = typeof answer.id_token === 'string' ? answer.id_token : undefined;
    const claims = token ? unverifiedClaims(token) : undefined;
    // The nonce ties the token to this sign-in: a token from elsewhere cannot be slipped in.
    if (!token || claims?.nonce !== entry.nonce)
      return backToPage(response, entry.classId, { error: 'the sign-in gave no usable token: sign in again' }, entry.page);
    const name = principalOf(token, settings.principalClaim);
    if (!name)
      return backToPage(response, entry.classId, { error: `the sign-in token has no ${settings.principalClaim ?? 'sub'} claim to name you by` }, entry.page);
    backToPage(response, entry.classId, { token, name }, entry.page);
  }

  return {
    async handle(request, response, tls) {
      const url = new URL(request.url ?? '/', 'http://gateway.invalid');
      if (url.pathname !== OIDC_SIGN_IN_PATH && url.pathname !== OIDC_CALLBACK_PATH) return false;
      const origin = settings.publicUrl?.replace(/\/$/, '') ?? `${tls ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}`;
      try {
        if (url.pathname === OIDC_SIGN_IN_PATH) await begin(url, response, origin);
        else await finish(url, response);
      } catch (error) {
        const why = error instanceof WebError ? error.message : `the school's sign-in could not be reached (${(error as Error).message})`;
        backToPage(response, url.searchParams.get('class') ?? '', { error: why }, pageOf(url));
      }
      return true;
    },
  };
}

/** The claim that names the Kafka principal, read without checking the signature (the broker checks it). */
export function principalOf(token: string, claim = 'sub'): string | undefined {
  const value = unverifiedClaims(token)?.[claim];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Back to the student page (or the teacher console), with the token or the reason in the fragment (never sent to a server). */
function backToPage(response: ServerResponse, classId: string, fragment: Record<string, string>, page = '/'): void {
  const query = classId ? `?${new URLSearchParams({ class: classId })}` : '';
  response.writeHead(303, { location: `${page}${query}#${new URLSearchParams(fragment)}`, 'cache-control': 'no-store' }).end();
}

/** Only the gateway's own two pages: a sign-in never sends anyone elsewhere. */
function pageOf(url: URL): string {
  return url.searchParams.get('page') === 'teach' ? TEACHER_PAGE_PATH : '/';
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

async function defaultFetchJson(url: string, form?: URLSearchParams): Promise<unknown> {
  const response = await fetch(
    url,
    form ? { method: 'POST', body: form, headers: { accept: 'application/json' } } : { headers: { accept: 'application/json' } },
  );
  if (!response.ok) throw new WebError('CC_GATEWAY_SIGN_IN_FAILED', `${new URL(url).host} answered ${response.status}`);
  return response.json();
}
