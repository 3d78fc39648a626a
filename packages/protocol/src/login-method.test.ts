import { expect, test } from 'vitest';
import { GatewayRequestError } from './errors.js';
import { parseLoginMethod } from './login-method.js';

test('what /login.json says is read strictly', () => {
  expect(parseLoginMethod({ method: 'open' })).toEqual({ method: 'open' });
  expect(parseLoginMethod({ method: 'password', extra: 1 })).toEqual({ method: 'password' });
  expect(parseLoginMethod({ method: 'oidc', provider: 'School', signInUrl: '/login/oidc' })).toEqual({
    method: 'oidc',
    provider: 'School',
    signInUrl: '/login/oidc',
  });
  // A sign-in address on another site would send the student's login there.
  for (const bad of [
    null,
    'open',
    { method: 'kerberos' },
    { method: 'oidc', provider: 'x', signInUrl: 'https://evil.example/' },
    { method: 'oidc', provider: 'x', signInUrl: '//evil.example/' },
  ]) {
    expect(() => parseLoginMethod(bad), JSON.stringify(bad)).toThrow(GatewayRequestError);
  }
});
