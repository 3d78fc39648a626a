import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertNotSecured, planSecurity, recordUsers, secretsFile } from './broker-security.js';
import { parseScramUser, scramFormatArgs, validateScramUsers } from './scram-users.js';
import { securityProperties } from './security-properties.js';
import type { NodePlan } from './server-properties.js';

const node: NodePlan = { nodeId: 1, host: '127.0.0.1', port: 9000, controllerPort: 9100, dir: '/d/node-1', logDir: '/d/node-1/data' };
const secrets = { adminUser: 'admin', adminPassword: 'a-pw', controllerPassword: 'c-pw' };

describe('secured server.properties', () => {
  it('authenticates clients with SCRAM on SASL_PLAINTEXT, the controller with PLAIN, and denies what no ACL allows', () => {
    const props = securityProperties(node, secrets, undefined);
    expect(props.listeners).toBe('SASL_PLAINTEXT://127.0.0.1:9000,CONTROLLER://127.0.0.1:9100');
    expect(props['advertised.listeners']).toBe('SASL_PLAINTEXT://127.0.0.1:9000');
    expect(props['listener.security.protocol.map']).toContain('CONTROLLER:SASL_PLAINTEXT');
    expect(props['sasl.enabled.mechanisms']).toBe('SCRAM-SHA-256');
    expect(props['sasl.mechanism.controller.protocol']).toBe('PLAIN');
    expect(props['listener.name.controller.plain.sasl.jaas.config']).toMatch(/username="controller" password="c-pw" user_controller="c-pw";$/);
    expect(props['listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config']).toMatch(/username="admin" password="a-pw";$/);
    expect(props['authorizer.class.name']).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(props['allow.everyone.if.no.acl.found']).toBe(false);
    expect(props['super.users']).toBe('User:admin;User:controller');
    expect(Object.keys(props).some((key) => key.includes('ssl'))).toBe(false);
  });

  it('adds a SASL_SSL listener with a PEM keystore when the node has a TLS port', () => {
    const props = securityProperties({ ...node, tlsPort: 9200 }, secrets, '/tls/broker-keystore.pem');
    expect(props['advertised.listeners']).toBe('SASL_PLAINTEXT://127.0.0.1:9000,SASL_SSL://127.0.0.1:9200');
    expect(props['listener.name.sasl_ssl.ssl.keystore.type']).toBe('PEM');
    expect(props['listener.name.sasl_ssl.ssl.keystore.location']).toBe('/tls/broker-keystore.pem');
    expect(props['inter.broker.listener.name']).toBe('SASL_PLAINTEXT');
  });
});

describe('SCRAM users', () => {
  it('seeds each user with a StorageTool -S argument', () => {
    expect(scramFormatArgs({ ada: 'pw1', bob: 'p=w]2' })).toEqual([
      '-S',
      'SCRAM-SHA-256=[name=ada,password=pw1]',
      '-S',
      'SCRAM-SHA-256=[name=bob,password=p=w]2]',
    ]);
  });

  it('refuses names and passwords that Kafka would misread', () => {
    expect(() => validateScramUsers({ 'ada lovelace': 'pw' })).toThrow(/user name "ada lovelace" is not valid/);
    for (const password of ['a,b', 'say "hi"', 'back\\slash', 'with space', '']) {
      expect(() => validateScramUsers({ ada: password })).toThrow(expect.objectContaining({ code: 'CC_BROKER_BAD_USER' }));
    }
    expect(parseScramUser('ada:x:y')).toEqual(['ada', 'x:y']);
  });
});

describe('planSecurity', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'classcast-security-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('seeds every user at format time, with a generated admin password kept in a private file', async () => {
    const plan = await planSecurity(dataDir, { scramUsers: { ada: 'ada-pw' } }, true);
    expect(Object.keys(plan.seed).sort()).toEqual(['ada', 'admin']);
    expect(plan.secrets.adminPassword).toMatch(/^[\w-]{24}$/);
    expect(plan.update).toEqual({});
    expect(statSync(secretsFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(() => assertNotSecured(dataDir)).toThrow(expect.objectContaining({ code: 'CC_BROKER_SECURITY_MISMATCH' }));
  });

  it('on a kept data dir, writes only new or changed users and keeps the passwords the nodes share', async () => {
    const first = await planSecurity(dataDir, { scramUsers: { admin: 'adm', ada: 'ada-pw', bob: 'bob-pw' } }, true);
    const again = await planSecurity(dataDir, { scramUsers: { ada: 'ada-pw', bob: 'new-pw', carol: 'c-pw' } }, false);
    expect(again.seed).toEqual({});
    expect(again.update).toEqual({ bob: 'new-pw', carol: 'c-pw' });
    expect(again.secrets.controllerPassword).toBe(first.secrets.controllerPassword);
    await recordUsers(again);
    expect((await planSecurity(dataDir, { scramUsers: { bob: 'new-pw' } }, false)).update).toEqual({});
  });

  it('refuses a data dir formatted without security, another admin password, and the controller name', async () => {
    await expect(planSecurity(dataDir, { scramUsers: {} }, false)).rejects.toThrow(/was formatted without security/);
    await planSecurity(dataDir, { scramUsers: { admin: 'adm' } }, true);
    await expect(planSecurity(dataDir, { scramUsers: { admin: 'other' } }, false)).rejects.toThrow(/keeps the admin password/);
    await expect(planSecurity(dataDir, { scramUsers: { controller: 'x' } }, true)).rejects.toMatchObject({ code: 'CC_BROKER_BAD_USER' });
  });
});
