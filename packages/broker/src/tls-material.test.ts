import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTlsMaterial } from './tls-material.js';

describe('generateTlsMaterial', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'classcast-tls-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('makes a CA and a broker certificate for 127.0.0.1 and localhost that the CA verifies', async () => {
    const material = await generateTlsMaterial(path.join(root, 'tls'));
    const keystore = readFileSync(material.keystoreFile, 'utf8');
    expect(keystore).toMatch(/^-----BEGIN PRIVATE KEY-----[\s\S]+-----BEGIN CERTIFICATE-----/);
    const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });
    expect(openssl('verify', '-CAfile', material.caFile, material.keystoreFile)).toContain(': OK');
    expect(openssl('x509', '-in', material.keystoreFile, '-noout', '-ext', 'subjectAltName')).toMatch(/IP Address:127\.0\.0\.1, DNS:localhost/);
  });

  it('reuses a valid set instead of making a new CA that clients would not trust yet', async () => {
    const dir = path.join(root, 'tls');
    const ca = readFileSync(path.join(dir, 'ca.pem'), 'utf8');
    await generateTlsMaterial(dir);
    expect(readFileSync(path.join(dir, 'ca.pem'), 'utf8')).toBe(ca);
  });

  it('without openssl: one line saying what to install', async () => {
    await expect(generateTlsMaterial(path.join(root, 'other'), { env: { PATH: root } })).rejects.toMatchObject({
      code: 'CC_BROKER_OPENSSL_MISSING',
      message: 'openssl is needed to make the TLS certificates of the embedded broker: install it (apt-get install openssl)',
    });
  });
});
