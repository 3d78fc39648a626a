/**
 * The gateway's side of school sign-in against a real issuer (test-support/oidc-issuer.ts): the
 * redirect carries PKCE and a nonce, the callback comes back to the page with the token and the
 * principal, and a replayed or forged callback, or a provider that cannot be reached, comes back
 * with a reason instead. The broker's own checks of the token are in e2e/src/school-sign-in.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startOidcIssuer, type OidcIssuer } from '../../../test-support/oidc-issuer.js';
import { createOidcSignIn, principalOf } from './oidc-sign-in.js';

let issuer: OidcIssuer;
let server: Server;
let base: string;

beforeAll(async () => {
  issuer = await startOidcIssuer({ defaultAudience: 'gateway' });
  const signIn = createOidcSignIn({ provider: 'Test', issuer: issuer.url, clientId: 'gateway' });
  server = createServer((request, response) => void signIn.handle(request, response, false).then((handled) => handled || response.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await issuer?.close();
});

/** Follows redirects by hand (as a browser would), stopping at the first one back to the page. */
async function follow(url: string, pagePath = '/'): Promise<{ visited: string[]; page: URL }> {
  const visited: string[] = [];
  for (let next = url; ;) {
    visited.push(next);
    const response = await fetch(next, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (!location) throw new Error(`${next} answered ${response.status} without a redirect`);
    const target = new URL(location, next);
    if (target.origin === base && target.pathname === pagePath) return { visited, page: target };
    next = target.href;
  }
}

test('a sign-in goes to the provider with PKCE and a nonce and comes back with the token and the name', async () => {
  issuer.signInAs('ada@school.example');
  const { visited, page } = await follow(`${base}/login/oidc?class=math`);
  const authorize = new URL(visited[1]!);
  expect(authorize.pathname).toBe('/authorize');
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${base}/login/callback`);
  expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{40,}$/);
  expect(page.searchParams.get('class')).toBe('math');
  const fragment = new URLSearchParams(page.hash.slice(1));
  expect(fragment.get('name')).toBe('ada@school.example');
  expect(principalOf(fragment.get('token')!)).toBe('ada@school.example');

  // The same callback again (a replayed address) is refused: its state was used.
  const callback = visited.find((url) => url.includes('/login/callback'))!;
  const replay = await follow(callback);
  expect(new URLSearchParams(replay.page.hash.slice(1)).get('error')).toMatch(/unknown or too old/);
});

test('a callback that no sign-in began, and a provider that cannot be reached, come back with a reason', async () => {
  const forged = await follow(`${base}/login/callback?state=made-up&code=abc`);
  expect(new URLSearchParams(forged.page.hash.slice(1)).get('error')).toMatch(/unknown or too old/);

  const unreachable = createOidcSignIn({ provider: 'Gone', issuer: 'http://127.0.0.1:1', clientId: 'gateway' });
  const other = createServer((request, response) => void unreachable.handle(request, response, false));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/login/oidc?class=math`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    const fragment = new URLSearchParams(new URL(response.headers.get('location')!, 'http://x').hash.slice(1));
    expect(fragment.get('error')).toMatch(/^the school's sign-in could not be reached/);
  } finally {
    other.closeAllConnections();
    await new Promise((resolve) => other.close(resolve));
  }
});

test('a teacher console sign-in comes back to the console; any other page asked for is the student page', async () => {
  issuer.signInAs('babbage@school.example');
  const { page } = await follow(`${base}/login/oidc?class=math&page=teach`, '/teach');
  expect(page.searchParams.get('class')).toBe('math');
  expect(new URLSearchParams(page.hash.slice(1)).get('name')).toBe('babbage@school.example');
  // Never an address of someone else's: a sign-in is no open redirect.
  const elsewhere = await follow(`${base}/login/oidc?class=math&page=${encodeURIComponent('https://evil.example/')}`);
  expect(elsewhere.page.origin).toBe(base);
});
