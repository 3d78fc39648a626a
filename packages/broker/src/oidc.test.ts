/**
 * School sign-in settings without a broker: the server.properties lines and JVM flag, and the
 * provider's discovery document, read from a real (test) OpenID Connect issuer over HTTP.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { discoverOidc, oidcJvmOptions, parseDiscoveryDocument, type OidcSettings } from './oidc.js';
import { securityProperties } from './security-properties.js';
import type { NodePlan } from './server-properties.js';
import { startOidcIssuer, type OidcIssuer } from '../../../test-support/oidc-issuer.js';

const node: NodePlan = { nodeId: 1, host: '127.0.0.1', port: 9000, controllerPort: 9100, dir: '/d/node-1', logDir: '/d/node-1/data' };
const secrets = { adminUser: 'admin', adminPassword: 'a-pw', controllerPassword: 'c-pw' };
const oidc: OidcSettings = {
  issuer: 'https://login.microsoftonline.com/tenant-id/v2.0',
  jwksUrl: 'https://login.microsoftonline.com/tenant-id/discovery/v2.0/keys',
  audience: 'classcast-client-id',
  principalClaim: 'preferred_username',
};

describe('secured server.properties with school sign-in', () => {
  test('every client listener takes OAUTHBEARER beside SCRAM, checked by the broker validator against the JWKS', () => {
    const props = securityProperties({ ...node, tlsPort: 9200 }, secrets, '/tls/broker-keystore.pem', oidc);
    expect(props['sasl.enabled.mechanisms']).toBe('SCRAM-SHA-256,OAUTHBEARER');
    for (const listener of ['sasl_plaintext', 'sasl_ssl']) {
      expect(props[`listener.name.${listener}.oauthbearer.sasl.server.callback.handler.class`]).toBe(
        'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
      );
      expect(props[`listener.name.${listener}.oauthbearer.sasl.jaas.config`]).toBe(
        'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ;',
      );
    }
    expect(props['sasl.oauthbearer.jwt.validator.class']).toBe('org.apache.kafka.common.security.oauthbearer.BrokerJwtValidator');
    expect(props['sasl.oauthbearer.jwks.endpoint.url']).toBe(oidc.jwksUrl);
    expect(props['sasl.oauthbearer.expected.issuer']).toBe(oidc.issuer);
    expect(props['sasl.oauthbearer.expected.audience']).toBe('classcast-client-id');
    expect(props['sasl.oauthbearer.sub.claim.name']).toBe('preferred_username');
    // The brokers and the controller keep their own logins.
    expect(props['sasl.mechanism.inter.broker.protocol']).toBe('SCRAM-SHA-256');
    expect(props['listener.name.controller.sasl.enabled.mechanisms']).toBe('PLAIN');
    expect(oidcJvmOptions(oidc)).toEqual([`-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${oidc.jwksUrl}`]);
  });

  test('without TLS only the SASL_PLAINTEXT listener is named; without oidc nothing changes', () => {
    const props = securityProperties(node, secrets, undefined, oidc);
    expect(Object.keys(props).filter((key) => key.includes('sasl_ssl'))).toEqual([]);
    expect(props['listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config']).toBeDefined();
    const plain = securityProperties(node, secrets, undefined);
    expect(Object.keys(plain).filter((key) => key.toLowerCase().includes('oauthbearer'))).toEqual([]);
    expect(oidcJvmOptions(undefined)).toEqual([]);
    expect(() => securityProperties(node, secrets, undefined, { ...oidc, audience: 'a,b' })).toThrow(/one non-empty client id/);
  });
});

describe('the discovery document', () => {
  const url = 'https://accounts.google.com/.well-known/openid-configuration';
  const issuer = 'https://accounts.google.com';

  test('gives the issuer and jwks_uri when it speaks for the issuer asked', () => {
    const text = JSON.stringify({ issuer, jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs' });
    expect(parseDiscoveryDocument(url, issuer, text)).toEqual({ issuer, jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs' });
    expect(parseDiscoveryDocument(url, `${issuer}/`, text).issuer).toBe(issuer);
  });

  test.each([
    ['not JSON', '<html>sign in</html>', /is not JSON/],
    [
      'another issuer',
      JSON.stringify({ issuer: 'https://evil.example', jwks_uri: 'https://evil.example/keys' }),
      /names the issuer "https:\/\/evil.example", not https:\/\/accounts.google.com/,
    ],
    ['no jwks_uri', JSON.stringify({ issuer }), /has no http\(s\) jwks_uri/],
    ['a JSON array', '[]', /names the issuer undefined/],
  ])('refuses a document that is %s', (_what, text, message) => {
    expect(() => parseDiscoveryDocument(url, issuer, text)).toThrow(
      expect.objectContaining({ code: 'CC_BROKER_OIDC_BAD_DISCOVERY', message: expect.stringMatching(message) }),
    );
  });
});

describe('discoverOidc against a real issuer', () => {
  let issuer: OidcIssuer;
  beforeAll(async () => {
    issuer = await startOidcIssuer();
  });
  afterAll(() => issuer?.close());

  test('reads the jwks_uri from issuer/.well-known/openid-configuration', async () => {
    await expect(discoverOidc({ issuer: issuer.url, audience: 'classcast' })).resolves.toEqual({
      issuer: issuer.url,
      jwksUrl: issuer.jwksUrl,
      audience: 'classcast',
      principalClaim: 'sub',
    });
  });

  test('says so in one line when the issuer cannot be reached, has no document, or is not a URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(discoverOidc({ issuer: `http://127.0.0.1:${port}`, audience: 'a' })).rejects.toMatchObject({
      code: 'CC_BROKER_OIDC_UNREACHABLE',
      message: expect.stringMatching(/^cannot fetch the OpenID configuration http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration \(ECONNREFUSED\)/),
    });
    await expect(discoverOidc({ issuer: `${issuer.url}/tenant`, audience: 'a' })).rejects.toMatchObject({
      code: 'CC_BROKER_OIDC_UNREACHABLE',
      message: expect.stringContaining('answered HTTP 404'),
    });
    await expect(discoverOidc({ issuer: 'accounts.google.com', audience: 'a' })).rejects.toMatchObject({ code: 'CC_BROKER_OIDC_BAD_DISCOVERY' });
  });
});
