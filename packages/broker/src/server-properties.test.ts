import { describe, expect, it } from 'vitest';
import { formatProperties, MAX_MESSAGE_BYTES, serverProperties, type NodePlan } from './server-properties.js';

function plan(count: number): NodePlan[] {
  return Array.from({ length: count }, (_, i) => ({
    nodeId: i + 1,
    host: '127.0.0.1',
    port: 9000 + i,
    controllerPort: 9100 + i,
    dir: `/data/node-${i + 1}`,
    logDir: `/data/node-${i + 1}/data`,
  }));
}

describe('serverProperties', () => {
  it('makes a single combined node with internal topics at replication factor 1', () => {
    const [node] = plan(1);
    const props = serverProperties(node!, [node!]);
    expect(props['process.roles']).toBe('broker,controller');
    expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:9100');
    expect(props.listeners).toBe('PLAINTEXT://127.0.0.1:9000,CONTROLLER://127.0.0.1:9100');
    expect(props['offsets.topic.replication.factor']).toBe(1);
    expect(props['transaction.state.log.min.isr']).toBe(1);
    expect(props['default.replication.factor']).toBe(1);
    expect(props['group.initial.rebalance.delay.ms']).toBe(0);
    expect(props['auto.create.topics.enable']).toBe(false);
  });

  it('gives three nodes the same voters, their own ports and log dirs, replication factor 3', () => {
    const nodes = plan(3);
    const all = nodes.map((node) => serverProperties(node, nodes));
    expect(new Set(all.map((p) => p['controller.quorum.voters'])).size).toBe(1);
    expect(all[0]!['controller.quorum.voters']).toBe('1@127.0.0.1:9100,2@127.0.0.1:9101,3@127.0.0.1:9102');
    expect(all.map((p) => p['log.dirs'])).toEqual(['/data/node-1/data', '/data/node-2/data', '/data/node-3/data']);
    expect(all[2]!['offsets.topic.replication.factor']).toBe(3);
    expect(all[2]!['default.replication.factor']).toBe(3);
    expect(all[2]!['transaction.state.log.min.isr']).toBe(2);
  });

  it('puts each node on a rack of its own and lets consumers fetch from the nearest replica', () => {
    const nodes = plan(3);
    const all = nodes.map((node) => serverProperties(node, nodes));
    expect(all.map((p) => p['broker.rack'])).toEqual(['rack-1', 'rack-2', 'rack-3']);
    expect(all[0]!['replica.selector.class']).toBe('org.apache.kafka.common.replica.RackAwareReplicaSelector');
    expect(all[0]!['max.incremental.fetch.session.cache.slots']).toBeGreaterThanOrEqual(4000);
  });

  it('allows messages well above 1 MiB, and replicas fetch them', () => {
    const [node] = plan(1);
    const props = serverProperties(node!, [node!]);
    expect(MAX_MESSAGE_BYTES).toBeGreaterThan(16 * 1024 * 1024);
    expect(props['message.max.bytes']).toBe(MAX_MESSAGE_BYTES);
    expect(props['replica.fetch.max.bytes']).toBe(MAX_MESSAGE_BYTES);
  });

  it('lets extra properties override the defaults', () => {
    const [node] = plan(1);
    const props = serverProperties(node!, [node!], { 'num.partitions': 3, 'super.users': 'User:admin' });
    expect(props['num.partitions']).toBe(3);
    expect(props['super.users']).toBe('User:admin');
  });
});

describe('formatProperties', () => {
  it('writes key=value lines and escapes backslashes', () => {
    const text = formatProperties({ 'log.dirs': 'C:\\kafka', 'num.partitions': 1, flag: false });
    expect(text).toContain('log.dirs=C:\\\\kafka\n');
    expect(text).toContain('num.partitions=1\n');
    expect(text).toContain('flag=false\n');
  });
});
