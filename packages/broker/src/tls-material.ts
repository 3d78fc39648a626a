/**
 * TLS material for the embedded broker's SASL_SSL listener, made with openssl: a local CA and a
 * broker certificate for IP 127.0.0.1 and DNS localhost, signed by it.
 *
 * Kafka (2.7+, KIP-651; checked with 4.1.1) reads PEM itself: ssl.keystore.type=PEM with one file
 * holding the unencrypted PKCS#8 key and the certificate. That spares keytool and keystore
 * passwords, and clients trust the same ca.pem (Node's tls `ca`, CLASSCAST_TLS_CA).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheRoot, type Env } from './env-paths.js';
import { BrokerError } from './errors.js';
import { findExecutable } from './find-executable.js';
import { runCommand } from './run-command.js';

export interface TlsMaterial {
  dir: string;
  /** The CA certificate clients trust (PEM). */
  caFile: string;
  /** The broker's private key and certificate in one PEM file (Kafka's ssl.keystore.location). */
  keystoreFile: string;
}

export interface TlsMaterialOptions {
  /** PATH lookup of openssl. Default process.env. */
  env?: Env;
  /** How long the broker certificate is valid. Default 825 days (what browsers accept at most). */
  validDays?: number;
}

const CA_FILE = 'ca.pem';
const KEYSTORE_FILE = 'broker-keystore.pem';
const BROKER_EXTENSIONS = [
  'basicConstraints=CA:FALSE',
  'keyUsage=critical,digitalSignature,keyEncipherment',
  'extendedKeyUsage=serverAuth',
  'subjectAltName=IP:127.0.0.1,DNS:localhost',
].join('\n');

export function defaultTlsDir(env: Env): string {
  return path.join(cacheRoot(env), 'tls');
}

function materialIn(dir: string): TlsMaterial {
  return { dir, caFile: path.join(dir, CA_FILE), keystoreFile: path.join(dir, KEYSTORE_FILE) };
}

/**
 * The CA and broker certificate in `dir`, made now unless a complete set valid for another day is
 * there already. Made in a sibling temp dir and published by renaming it, so parallel callers
 * never see half a set.
 */
export async function generateTlsMaterial(dir?: string, options: TlsMaterialOptions = {}): Promise<TlsMaterial> {
  const env = options.env ?? process.env;
  const openssl = findExecutable('openssl', env);
  if (!openssl) {
    throw new BrokerError(
      'CC_BROKER_OPENSSL_MISSING',
      'openssl is needed to make the TLS certificates of the embedded broker: install it (apt-get install openssl)',
    );
  }
  const target = path.resolve(dir ?? defaultTlsDir(env));
  const existing = materialIn(target);
  if (await stillValid(openssl, existing, env)) return existing;

  const staging = `${target}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    await issueCertificates(openssl, staging, options.validDays ?? 825, env);
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another process published a set between our check and our rename: use theirs.
    if (!(await stillValid(openssl, existing, env))) throw error;
  }
  return existing;
}

async function stillValid(openssl: string, material: TlsMaterial, env: Env): Promise<boolean> {
  if (!existsSync(material.caFile) || !existsSync(material.keystoreFile)) return false;
  const check = await runCommand(openssl, ['x509', '-checkend', '86400', '-noout', '-in', material.keystoreFile], { env });
  return check.exitCode === 0;
}

async function issueCertificates(openssl: string, dir: string, validDays: number, env: Env): Promise<void> {
  const run = async (...args: string[]) => {
    const result = await runCommand(openssl, args, { env, cwd: dir });
    if (result.exitCode !== 0) {
      throw new BrokerError('CC_BROKER_TLS_FAILED', `openssl ${args[0]} failed in ${dir}: ${result.tail.slice(-3).join(' ')}`);
    }
  };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // P-256 keys: generated at once, and Java reads them as PKCS#8 like RSA keys.
  const newKey = (file: string) => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file);
  await newKey('ca.key');
  await run(
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-out',
    CA_FILE,
    '-days',
    String(validDays + 365),
    '-subj',
    '/CN=classcast local CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  await newKey('broker.key');
  await run('req', '-new', '-key', 'broker.key', '-out', 'broker.csr', '-subj', '/CN=localhost');
  await writeFile(path.join(dir, 'broker.ext'), `${BROKER_EXTENSIONS}\n`);
  await run(
    'x509',
    '-req',
    '-in',
    'broker.csr',
    '-CA',
    CA_FILE,
    '-CAkey',
    'ca.key',
    '-set_serial',
    `0x${randomBytes(16).toString('hex')}`,
    '-days',
    String(validDays),
    '-extfile',
    'broker.ext',
    '-out',
    'broker.pem',
  );
  const keystore = path.join(dir, KEYSTORE_FILE);
  await writeFile(keystore, (await readFile(path.join(dir, 'broker.key'), 'utf8')) + (await readFile(path.join(dir, 'broker.pem'), 'utf8')), { mode: 0o600 });
  await chmod(path.join(dir, 'ca.key'), 0o600);
  await Promise.all(['broker.key', 'broker.csr', 'broker.ext'].map((file) => rm(path.join(dir, file), { force: true })));
}
