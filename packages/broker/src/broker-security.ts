/**
 * A secured embedded cluster: the options, the secrets its nodes share and what clients need.
 * The admin and controller passwords are kept in `<dataDir>/security.json` (mode 0600), because
 * a kept data dir restarts with the SCRAM credentials it was formatted with. Beside them, a salted
 * fingerprint of every user's password tells which users are new or changed on a restart.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertValidUserName } from '@classcast/protocol';
import { BrokerError } from './errors.js';
import { generatePassword, validateScramUsers, type ScramUsers } from './scram-users.js';
import type { OidcSettings } from './oidc.js';
import { CONTROLLER_USER, type NodeSecrets } from './security-properties.js';
import type { TlsMaterial } from './tls-material.js';

export interface BrokerSecurity {
  /**
   * User name → password (SCRAM-SHA-256). Seeded when the data dir is formatted; on a kept data
   * dir, users that are new or have a new password are written to the running cluster.
   */
  scramUsers: ScramUsers;
  /** The super user that brokers and the readiness probe log in as. Default 'admin', with a
   *  generated password unless scramUsers gives one. */
  adminUser?: string;
  /** Adds a SASL_SSL listener to every node, with this certificate (see generateTlsMaterial). */
  tls?: TlsMaterial;
  /** School sign-in: clients may also log in with this provider's tokens (OAUTHBEARER); see discoverOidc. */
  oidc?: OidcSettings;
}

export interface ClusterSecurity {
  mechanism: 'scram-sha-256';
  adminUser: string;
  adminPassword: string;
  /** host:port of every node's SASL_PLAINTEXT listener (the cluster's bootstrapServers). */
  saslPlaintextServers: string[];
  /** host:port of every node's SASL_SSL listener; empty without TLS. */
  saslSslServers: string[];
  /** The CA certificate that clients of the SASL_SSL listeners trust. */
  caFile?: string;
  /** The data dir's secrets file, where a detached broker's status finds the admin password. */
  secretsFile: string;
  /** The school sign-in provider the brokers accept tokens of. */
  oidc?: OidcSettings;
}

export interface StoredSecrets extends NodeSecrets {
  version: 1;
  salt: string;
  /** User name → salted fingerprint of the password the cluster holds. */
  users: Record<string, string>;
}

export interface SecurityPlan {
  secrets: StoredSecrets;
  secretsFile: string;
  /** Users to seed with StorageTool (when the data dir is formatted now). */
  seed: ScramUsers;
  /** Users to create or update on the running cluster (a kept data dir). */
  update: ScramUsers;
}

const SECRETS_FILE = 'security.json';

export function secretsFile(dataDir: string): string {
  return path.join(dataDir, SECRETS_FILE);
}

export async function readSecrets(file: string): Promise<StoredSecrets | undefined> {
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as StoredSecrets;
}

export async function writeSecrets(file: string, secrets: StoredSecrets): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
}

/** A secured data dir started without security would run open: refuse. */
export function assertNotSecured(dataDir: string): void {
  if (existsSync(secretsFile(dataDir))) {
    throw new BrokerError('CC_BROKER_SECURITY_MISMATCH', `${dataDir} holds a secured Kafka cluster: start it with security (classcast broker up --secure)`);
  }
}

/** Checks the users, settles the passwords and writes the secrets file before any node starts. */
export async function planSecurity(dataDir: string, security: BrokerSecurity, needsFormat: boolean): Promise<SecurityPlan> {
  const file = secretsFile(dataDir);
  const adminUser = security.adminUser ?? 'admin';
  assertValidUserName('user name', adminUser);
  validateScramUsers(security.scramUsers);
  if (CONTROLLER_USER in security.scramUsers || adminUser === CONTROLLER_USER) {
    throw new BrokerError('CC_BROKER_BAD_USER', `"${CONTROLLER_USER}" is the controller's own principal (a super user): choose another user name`);
  }
  // A first start interrupted after this file was written reuses its passwords: the storage it
  // may have formatted holds them.
  const stored = await readSecrets(file);
  if (!needsFormat) assertSameAdmin(dataDir, stored, adminUser, security.scramUsers[adminUser]);
  const adminPassword = security.scramUsers[adminUser] ?? stored?.adminPassword ?? generatePassword();
  const users = { ...security.scramUsers, [adminUser]: adminPassword };
  const salt = stored?.salt ?? randomBytes(16).toString('hex');
  const known = needsFormat ? {} : (stored?.users ?? {});
  const update = Object.fromEntries(Object.entries(users).filter(([name, password]) => known[name] !== fingerprint(salt, name, password)));
  const secrets: StoredSecrets = {
    version: 1,
    adminUser,
    adminPassword,
    controllerPassword: stored?.controllerPassword ?? generatePassword(),
    salt,
    users: needsFormat ? fingerprints(salt, users) : known,
  };
  await writeSecrets(file, secrets);
  return { secrets, secretsFile: file, seed: needsFormat ? users : {}, update: needsFormat ? {} : update };
}

/** Records users written to the running cluster, so the next start leaves them alone. */
export async function recordUsers(plan: SecurityPlan): Promise<void> {
  plan.secrets.users = { ...plan.secrets.users, ...fingerprints(plan.secrets.salt, plan.update) };
  await writeSecrets(plan.secretsFile, plan.secrets);
}

function assertSameAdmin(dataDir: string, stored: StoredSecrets | undefined, adminUser: string, adminPassword: string | undefined): void {
  const mismatch = (what: string) => new BrokerError('CC_BROKER_SECURITY_MISMATCH', `${dataDir} ${what}: use another data dir, or delete this one`);
  if (!stored) throw mismatch('was formatted without security, so it has no users');
  if (stored.adminUser !== adminUser) throw mismatch(`has the admin user "${stored.adminUser}", not "${adminUser}"`);
  // The brokers log in to each other as the admin before any change could reach the cluster.
  if (adminPassword !== undefined && adminPassword !== stored.adminPassword) throw mismatch(`keeps the admin password it was formatted with`);
}

function fingerprint(salt: string, name: string, password: string): string {
  return createHash('sha256').update(`${salt}\0${name}\0${password}`).digest('hex');
}

function fingerprints(salt: string, users: ScramUsers): Record<string, string> {
  return Object.fromEntries(Object.entries(users).map(([name, password]) => [name, fingerprint(salt, name, password)]));
}

/** What a detached broker's state file records of its security (the password stays in secretsFile). */
export interface RecordedSecurity {
  adminUser: string;
  saslSslServers: string[];
  caFile?: string;
  secretsFile: string;
  oidc?: OidcSettings;
}

export function recordSecurity({ adminUser, saslSslServers, caFile, secretsFile, oidc }: ClusterSecurity): RecordedSecurity {
  return { adminUser, saslSslServers, ...(caFile ? { caFile } : {}), secretsFile, ...(oidc ? { oidc } : {}) };
}

/** The ClusterSecurity of a recorded broker, with the admin password read back from its data dir. */
export async function recordedClusterSecurity(recorded: RecordedSecurity, saslPlaintextServers: string[]): Promise<ClusterSecurity> {
  const secrets = await readSecrets(recorded.secretsFile);
  if (!secrets) throw new BrokerError('CC_BROKER_SECURITY_MISMATCH', `the secured broker's secrets file ${recorded.secretsFile} is gone`);
  return { mechanism: 'scram-sha-256', ...recorded, adminUser: secrets.adminUser, adminPassword: secrets.adminPassword, saslPlaintextServers };
}
