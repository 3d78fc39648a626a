/**
 * The secured broker's SASL_SSL listener, with the CA and certificate the project's own script
 * (generateTlsMaterial, openssl) makes: trusted it carries a lesson, untrusted it is one line.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTlsMaterial, type KafkaCluster } from '@classcast/broker';
import { createBroadcaster } from './broadcaster.js';
import { createClassAccess } from './class-access.js';
import { broadcastToStudent, login, startSecuredKafka } from './secure-test-helpers.js';
import { describeSecurityError } from './security-errors.js';
import { uniqueClassId } from './testing.js';

describe('the TLS listener', () => {
  let cluster: KafkaCluster;
  let tlsDir: string;
  let tlsServers: string[];
  let ca: string;
  const classId = uniqueClassId('tls');

  beforeAll(async () => {
    tlsDir = await mkdtemp(path.join(os.tmpdir(), 'classcast-tls-test-'));
    const material = await generateTlsMaterial(path.join(tlsDir, 'tls'));
    ca = readFileSync(material.caFile, 'utf8');
    cluster = await startSecuredKafka(material);
    tlsServers = cluster.security!.saslSslServers;
    // The admin works over TLS too.
    const access = await createClassAccess(login(tlsServers, 'admin', { tls: { ca } }));
    await access.grantTeacher(classId, 'teacher');
    await access.grantStudent(classId, 'ada');
    await access.close();
  });

  afterAll(async () => {
    await cluster?.stop();
    if (tlsDir) await rm(tlsDir, { recursive: true, force: true });
  });

  test('has its own port on every node, beside the SASL_PLAINTEXT one', () => {
    expect(tlsServers).toHaveLength(1);
    expect(tlsServers[0]).not.toBe(cluster.bootstrapServers[0]);
    expect(cluster.security!.saslPlaintextServers).toEqual(cluster.bootstrapServers);
  });

  test('a teacher and a student who trust the generated CA: a frame goes through', async () => {
    const received = await broadcastToStudent(classId, login(tlsServers, 'teacher', { tls: { ca } }), login(tlsServers, 'ada', { tls: { ca } }));
    expect(received.map((r) => r.frame.sequence)).toEqual([0]);
  });

  test('without the CA the certificate is not trusted: one clear line', async () => {
    const untrusting = createBroadcaster({ connection: login(tlsServers, 'teacher', { tls: true }), classId });
    const error: unknown = await untrusting.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    await untrusting.stop();
    const line = describeSecurityError(error, tlsServers);
    expect(line).toMatchObject({ code: 'CC_TLS_UNTRUSTED' });
    expect(line!.message).toBe(
      `Kafka at ${tlsServers[0]} presented a TLS certificate this client does not trust (unable to verify the first certificate): give the cluster's CA certificate with CLASSCAST_TLS_CA=<ca.pem>`,
    );
  });

  test('a TLS client at the plaintext port: one clear line', async () => {
    const plainPort = createBroadcaster({ connection: login(cluster.bootstrapServers, 'teacher', { tls: { ca } }), classId });
    const error: unknown = await plainPort.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    await plainPort.stop();
    expect(describeSecurityError(error, cluster.bootstrapServers)).toMatchObject({ code: 'CC_TLS_HANDSHAKE_FAILED' });
  });
});
