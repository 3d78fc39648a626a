import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planCluster, recordFormatted, writeNodeFiles } from './cluster-layout.js';
import { BrokerError } from './errors.js';

describe('cluster layout', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'classcast-layout-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('plans one dir and two distinct ports per node, and a fresh cluster to format', async () => {
    const plan = await planCluster(dataDir, 3);
    expect(plan.needsFormat).toBe(true);
    expect(plan.clusterId).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(plan.nodes.map((n) => n.nodeId)).toEqual([1, 2, 3]);
    expect(plan.nodes.map((n) => path.relative(dataDir, n.logDir))).toEqual(['node-1/data', 'node-2/data', 'node-3/data']);
    expect(new Set(plan.nodes.flatMap((n) => [n.port, n.controllerPort])).size).toBe(6);
  });

  it('writes per-node extra properties from a function (e.g. a SASL listener per node)', async () => {
    const plan = await planCluster(dataDir, 3);
    await writeNodeFiles(plan, (node) => ({ 'broker.rack': `rack-${node.nodeId}` }));
    for (const node of plan.nodes) {
      const text = readFileSync(path.join(node.dir, 'server.properties'), 'utf8');
      expect(text).toContain(`broker.rack=rack-${node.nodeId}\n`);
      expect(text).toContain(`node.id=${node.nodeId}\n`);
      expect(readFileSync(path.join(node.dir, 'log4j2.xml'), 'utf8')).toContain(path.join(node.dir, 'server.log'));
    }
  });

  it('reuses a formatted data dir with its cluster id, and refuses another node count', async () => {
    const first = await planCluster(dataDir, 1);
    await recordFormatted(dataDir, first, '4.1.1');
    const again = await planCluster(dataDir, 1);
    expect(again).toMatchObject({ clusterId: first.clusterId, needsFormat: false });
    const error = await planCluster(dataDir, 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).code).toBe('CC_BROKER_DATA_DIR_MISMATCH');
  });
});
