/**
 * What startKafka does differently for a secured cluster, in one place: the listener and
 * authorizer properties, the users seeded at format time, the admin login of the readiness
 * probe, users added to a kept data dir after start, and the addresses clients use.
 */
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { planSecurity, recordUsers, type BrokerSecurity, type ClusterSecurity, type SecurityPlan } from './broker-security.js';
import type { ExtraProperties } from './cluster-layout.js';
import type { JavaRuntime } from './java-command.js';
import type { KafkaNode } from './kafka-node.js';
import { oidcJvmOptions } from './oidc.js';
import { scramFormatArgs } from './scram-users.js';
import { updateScramUsers } from './scram-user-update.js';
import { securityProperties } from './security-properties.js';
import type { NodePlan } from './server-properties.js';
import type { ProbeCredentials } from './wait-for-cluster.js';

export interface SecureLaunch {
  /** The caller's extra properties win over the security ones (tests of odd settings). */
  nodeProperties(extra: ExtraProperties | undefined): ExtraProperties;
  formatArgs: string[];
  /** JVM flags the secured nodes need (school sign-in: the JWKS URL the broker may fetch). */
  jvmOptions: string[];
  credentials: ProbeCredentials;
  /** server.properties holds the admin's password: only this user may read it. */
  protectNodeFiles(nodes: NodePlan[]): Promise<void>;
  /** Users new to a kept data dir are written once the cluster answers. */
  afterStart(runtime: JavaRuntime, nodes: KafkaNode[]): Promise<void>;
  describe(nodes: KafkaNode[]): ClusterSecurity;
}

export async function prepareSecureLaunch(dataDir: string, security: BrokerSecurity, needsFormat: boolean): Promise<SecureLaunch> {
  const plan: SecurityPlan = await planSecurity(dataDir, security, needsFormat);
  const { adminUser, adminPassword } = plan.secrets;
  const credentials = { username: adminUser, password: adminPassword };
  return {
    nodeProperties: (extra) => (node) => ({
      ...securityProperties(node, plan.secrets, security.tls?.keystoreFile, security.oidc),
      ...(typeof extra === 'function' ? extra(node) : extra),
    }),
    formatArgs: scramFormatArgs(plan.seed),
    jvmOptions: oidcJvmOptions(security.oidc),
    credentials,
    async protectNodeFiles(nodes) {
      await Promise.all(nodes.map((node) => chmod(path.join(node.dir, 'server.properties'), 0o600)));
    },
    async afterStart(runtime, nodes) {
      if (Object.keys(plan.update).length === 0) return;
      await updateScramUsers({ runtime, bootstrapServer: nodes[0]!.bootstrapServer, admin: credentials, workDir: dataDir }, plan.update);
      await recordUsers(plan);
    },
    describe: (nodes) => ({
      mechanism: 'scram-sha-256',
      adminUser,
      adminPassword,
      saslPlaintextServers: nodes.map((node) => node.bootstrapServer),
      saslSslServers: nodes.flatMap((node) => (node.tlsPort === undefined ? [] : [`${node.host}:${node.tlsPort}`])),
      ...(security.tls ? { caFile: security.tls.caFile } : {}),
      secretsFile: plan.secretsFile,
      ...(security.oidc ? { oidc: security.oidc } : {}),
    }),
  };
}
