/**
 * A certificate for 127.0.0.1 made by openssl, and its key (mode 0600, as the gateway's --key
 * wants), for the tests that serve the gateway over HTTPS. `cert` is what a client trusts.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SelfSignedCertificate {
  certFile: string;
  keyFile: string;
  cert: string;
}

export function selfSignedCertificate(dir: string): SelfSignedCertificate {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  chmodSync(keyFile, 0o600);
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8') };
}
