/** `classcast broker up|start|down|status|fetch`: the embedded single-node (or 3-node) Kafka. */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import {
  brokerDown,
  brokerStatus,
  brokerUp,
  DEFAULT_KAFKA_VERSION,
  fetchKafkaJars,
  type BrokerNodeStatus,
  type FetchSessionStats,
  type BrokerProgress,
  type BrokerUpResult,
} from '@classcast/broker';
import { parseNumber } from './option-parsers.js';
import { addBrokerSecurityOptions, brokerSecurityFromFlags, describeBrokerSecurity, type BrokerSecurityFlags } from './broker-security.js';

const showProgress = ({ message }: BrokerProgress) => process.stderr.write(`${message}\n`);

export function registerBrokerCommands(program: Command): void {
  const broker = program.command('broker').description('the embedded Apache Kafka (real jars from Maven Central, KRaft)');

  addBrokerSecurityOptions(broker.command('up'))
    .description('start the embedded Kafka in the background')
    .option('--nodes <n>', '1 or 3 nodes', parseNodeCount, 1 as const)
    .action(async (flags: BrokerSecurityFlags & { nodes: 1 | 3 }) => {
      const security = await brokerSecurityFromFlags(flags);
      reportUp(await brokerUp({ nodes: flags.nodes, onProgress: showProgress, ...(security ? { security } : {}) }));
    });

  addBrokerSecurityOptions(broker.command('start'))
    .description('start one node of the embedded cluster again, on its old port with its data')
    .requiredOption('--node <id>', 'the node id (see broker status)', parseNumber('node', 1, 3))
    .action(async (flags: BrokerSecurityFlags & { node: number }) => {
      const security = await brokerSecurityFromFlags(flags);
      reportUp(await brokerUp({ onlyNode: flags.node, onProgress: showProgress, ...(security ? { security } : {}) }));
    });

  broker
    .command('down')
    .description('stop the embedded Kafka')
    .option('--remove-data', 'also delete its topics and recorded lessons')
    .action(async (flags: { removeData?: boolean }) => {
      const result = await brokerDown({ removeData: flags.removeData ?? false });
      process.stdout.write(result.wasRunning ? `stopped (pids ${result.stoppedPids.join(', ')})\n` : 'no embedded broker was running\n');
    });

  broker
    .command('status')
    .description('is the embedded Kafka running and answering?')
    .action(async () => {
      const status = await brokerStatus({ fetchSessions: true });
      if (!status.recorded) {
        process.stdout.write('not running (start it with: classcast broker up)\n');
        process.exitCode = 3;
        return;
      }
      const nodes = status.nodes.map((node) => `node ${node.nodeId} pid ${node.pid} port ${node.port} ${nodeState(node)}`);
      process.stdout.write(`${status.summary}, at ${status.bootstrapServers.join(',')}\n  ${nodes.join('\n  ')}\n`);
      if (status.security) process.stdout.write(`${describeBrokerSecurity(status.security).join('\n')}\n`);
      // 0: every node serves; 4: writes go on with some nodes down; 3: no writes.
      if (!status.answering) process.exitCode = status.writable ? 4 : 3;
    });

  broker
    .command('fetch')
    .description('download the Kafka jars from Maven Central into the cache (done by up when needed)')
    // Another version serves the interop tests (an older Kafka in ZooKeeper mode).
    .option('--kafka-version <version>', 'which Apache Kafka release', parseKafkaVersion, DEFAULT_KAFKA_VERSION)
    .action(async (flags: { kafkaVersion: string }) => {
      const dir = await fetchKafkaJars({ kafkaVersion: flags.kafkaVersion, env: process.env, onProgress: showProgress });
      process.stdout.write(`Kafka jars in ${dir}\n`);
    });
}

function reportUp(result: BrokerUpResult): void {
  const bootstrap = result.bootstrapServers.join(',');
  const all = result.state.nodes.length;
  const started = result.startedNodes.length;
  const what = result.alreadyRunning
    ? 'already running'
    : started === all
      ? 'Kafka is up'
      : `started node(s) ${result.startedNodes.join(', ')} again (${all - started} of ${all} were running)`;
  process.stdout.write(`${what} at ${bootstrap}\n`);
  if (result.security) process.stdout.write(`${describeBrokerSecurity(result.security).join('\n')}\n`);
}

function nodeState(node: BrokerNodeStatus): string {
  if (node.serving) return node.fetchSessions ? `serving, ${describeFetchSessions(node.fetchSessions)}` : 'serving';
  return node.alive ? 'not answering (its JVM runs: hung or starting)' : 'dead (classcast broker up starts it again)';
}

/** Java and librdkafka clients hold these (classcast's kafkajs clients none); evictions mean the cache is too small. */
function describeFetchSessions(stats: FetchSessionStats): string {
  return `${stats.incrementalSessions} incremental fetch session(s), ${stats.evictions} evicted`;
}

function parseNodeCount(value: string): 1 | 3 {
  if (value === '1' || value === '3') return Number(value) as 1 | 3;
  throw new InvalidArgumentError('nodes must be 1 or 3');
}

function parseKafkaVersion(value: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(value)) throw new InvalidArgumentError(`not a Kafka version (e.g. ${DEFAULT_KAFKA_VERSION})`);
  return value;
}
